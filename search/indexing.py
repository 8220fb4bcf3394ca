"""Search documents, rebuilt from the articles and the names they refer to.

A document holds an article's title, summary and text, the names of its experts, topics,
conferences and departments (so that "Valencia" finds the articles of a conference held there),
and the keys of its search facets. `rebuild(ids)` makes them anew for some articles, in
batches; signals.py calls it once per transaction, with every article the transaction touched.
"""

import logging
from dataclasses import dataclass

from django.db import connection
from django.db.models import Value

from articles.facets import FACETS
from articles.models import Article

from .backends import backend
from .models import ArticleSearchDocument

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass
class SearchText:
    """What an article's search document is made of."""

    pk: int
    title: str
    summary: str
    body: str  # the stored HTML
    published_at: object  # datetime or None
    names: str
    facet_keys: str


def rebuild(ids):
    """Make the search documents of the articles `ids` anew (those of deleted articles are gone
    with them)."""
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        backend().write(batch, search_texts(batch))


def rebuild_all(articles=None):
    """Every article's document, or those of `articles` (a queryset); returns how many."""
    articles = Article.objects.all() if articles is None else articles
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    rebuild(ids)
    return len(ids)


def search_texts(ids):
    """The SearchText of each existing article among `ids`, in one query for the articles and one
    per facet kind for the names."""
    names, keys = linked_names_and_keys(ids)
    rows = Article.objects.filter(pk__in=ids).order_by("pk")
    fields = ("pk", "title", "summary", "body", "published_at")
    return [
        SearchText(*row, names=" ".join(names[row[0]]), facet_keys=" ".join(keys[row[0]]))
        for row in rows.values_list(*fields)
    ]


def linked_names_and_keys(ids):
    """({article id: [names]}, {article id: [facet keys]}) of the articles `ids`: the names of
    every facet they refer to, each kind sorted by name, and the keys of their search facets.
    One query, the union of one per kind (a round trip each cost more than the rows)."""
    names = {pk: [] for pk in ids}
    keys = {pk: [] for pk in ids}
    width = max(len(kind.indexed_fields) for kind in FACETS)
    queries = []
    for index, kind in enumerate(FACETS):
        links, article_column, facet_field = kind.model.objects.link_table()
        columns = [f"{facet_field}__{name}" for name in kind.indexed_fields]
        padding = [Value("")] * (width - len(columns))
        rows = links.objects.filter(**{f"{article_column}__in": ids}).order_by()
        queries.append(
            rows.values_list(Value(index), article_column, f"{facet_field}_id", *columns, *padding)
        )
    found = sorted(
        (index, article_id, FACETS[index].index_text(values), facet_id)
        for index, article_id, facet_id, *values in queries[0].union(*queries[1:], all=True)
    )
    for index, article_id, text, facet_id in found:
        names[article_id].append(text)
        if FACETS[index].is_search_facet:
            keys[article_id].append(f"{FACETS[index].key}:{facet_id}")
    return names, keys


def index_missing_documents(using="default", **kwargs):
    """After migrations: documents for the articles that have none yet (an upgrade from a release
    that kept the index elsewhere, or articles loaded as SQL). Costs one query when none is
    missing."""
    tables = connection.introspection.table_names()
    if not {Article._meta.db_table, ArticleSearchDocument._meta.db_table} <= set(tables):
        return  # migrated only part of the way
    missing = Article.objects.filter(search_document__isnull=True)
    if missing.exists():
        count = rebuild_all(missing)
        logger.info("Built the search documents of %d articles.", count)
