"""The read model of an article's page: what it refers to, kept as one document per article.

An article page shows, besides the article's own columns, its experts with their roles and
departments, its conferences, media links, topics and departments (with their press contacts),
and related news. Read through the ORM's prefetches, that was five queries and most of the
page's time (docs/performance.md); kept as one `ArticleFacts` row, it comes with the article in
the article's own query.

- `build(article)` makes the document of an article whose relations are prefetched
  (`ArticleQuerySet.detail_prefetches()`): data, not HTML — ids, names, slugs, dates.
- `rebuild(ids)` makes the documents of some articles anew. It runs when a change that touched
  them commits (articles/upkeep.py: the same notes the search index is rebuilt from), so a
  renamed expert, topic, conference or department is shown renamed on every article at once.
- `attach(article)` puts an article's facts where its page reads them: the relations' prefetch
  caches, as if prefetched. Without a document (not built yet) it prefetches them as before.

Related articles are chosen among published articles only (`published()`) when the document is
built, and read again through `published()` when shown: one withdrawn since is never shown.
"""

import logging

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.dispatch import Signal

from . import upkeep
from .documents import (
    TOPIC_FIELDS,
    conference_data,
    conference_row,
    department_data,
    department_row,
    expert_data,
    expert_row,
    fields,
)
from .models import Article, ArticleExpert, ArticleFacts, MediaLink, Topic
from .publication import article_went_public

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
RELATED_SHOWN = 4

# Sent (sender=ArticleFacts) in the transaction that rewrote documents: what pages show changed.
facts_rebuilt = Signal()


def build(article):
    """The document of `article` (its relations prefetched: `detail_prefetches()`)."""
    before, after = neighbour_ids(article)
    return {
        "experts": [
            {**expert_data(role.expert), "role": role.role} for role in article.expert_roles.all()
        ],
        "conferences": [conference_data(conference) for conference in article.conferences.all()],
        "media_links": [
            fields(link, ("id", "url", "title", "kind", "provider"))
            for link in article.media_links.all()
        ],
        # taggit's prefetch has no order: the topics' own (by name).
        "topics": [
            fields(topic, TOPIC_FIELDS)
            for topic in sorted(article.tags.all(), key=lambda topic: (topic.name, topic.pk))
        ],
        "departments": [department_data(department) for department in article.departments.all()],
        "related": related_ids(article),
        # The published articles just before and after it: the page's previous/next links.
        "before": before,
        "after": after,
    }


def related_ids(article):
    """The ids of the articles shown as related to `article` (published ones only)."""
    return Article.objects.related_ids(article, RELATED_SHOWN)


def neighbour_ids(article):
    """(the id of the published article before `article`, the one after), or None."""
    before = Article.objects.before(article).values_list("pk", flat=True).first()
    after = Article.objects.after(article).values_list("pk", flat=True).first()
    return before, after


def rebuild(ids, settle_neighbours=True):
    """Make the documents of the articles `ids` anew (a deleted article's went with it), and,
    with `settle_neighbours`, those of the articles whose previous/next links they change."""
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        _rebuild_batch(ids[start : start + BATCH_SIZE], settle_neighbours)


def rebuild_all(articles=None):
    """Every article's document, or those of `articles` (a queryset); returns how many."""
    articles = Article.objects.all() if articles is None else articles
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    rebuild(ids, settle_neighbours=False)  # every neighbour is among them
    return len(ids)


def build_missing(using="default", **kwargs):
    """After migrations: the documents of the articles that have none yet (an upgrade from a
    release without them). Costs one query when none is missing."""
    tables = set(connection.introspection.table_names())
    if not {Article._meta.db_table, ArticleFacts._meta.db_table} <= tables:
        return  # migrated only part of the way
    missing = Article.objects.filter(facts__isnull=True)
    if missing.exists():
        logger.info("Built the read model of %d articles.", rebuild_all(missing))


def _rebuild_batch(ids, settle_neighbours):
    prefetches = Article.objects.detail_prefetches()
    articles = Article.objects.filter(pk__in=ids).only("pk", "status", "published_at")
    articles = list(articles.prefetch_related(*prefetches))
    stored = {}  # what the documents said before, when their neighbours are to be settled
    if settle_neighbours:
        stored = dict(ArticleFacts.objects.filter(article__in=ids).values_list("article", "data"))
    documents = {article.pk: build(article) for article in articles}
    with transaction.atomic():
        ArticleFacts.objects.bulk_create(
            [ArticleFacts(article_id=pk, data=data) for pk, data in documents.items()],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["data", "built_at"],
        )
        facts_rebuilt.send(sender=ArticleFacts)
    if settle_neighbours:
        stale = out_of_step(articles, documents, stored) - set(ids)
        if stale:
            rebuild(stale, settle_neighbours=False)


def out_of_step(articles, documents, stored):
    """The ids of the articles whose documents the new `documents` of `articles` contradict.

    Previous/next: a public article's neighbours must link to it, and its former neighbours (or
    a hidden article's) must not. Related news: a public article's related articles are asked
    again whether it is among theirs (it is often the newest of their candidates). A story
    going public, leaving it or moved in time changes other stories' pages without touching
    them; their documents are rebuilt once, without going on to their own neighbours."""
    expected = {}  # neighbour id: [(article id, the neighbour's side, whether it links to it)]
    relating = {}  # related article id: [public article ids it may now relate to]
    for article in articles:
        new, old = documents[article.pk], stored.get(article.pk) or {}
        for side, their_side in (("before", "after"), ("after", "before")):
            for neighbour in {new[side], old.get(side)} - {None}:
                links = article.is_published and neighbour == new[side]
                expected.setdefault(neighbour, []).append((article.pk, their_side, links))
        if article.is_published:
            for related in new["related"]:
                relating.setdefault(related, []).append(article.pk)
    others = ArticleFacts.objects.filter(article__in=[*expected, *relating])
    theirs = {pk: data or {} for pk, data in others.values_list("article", "data")}
    stale = {
        neighbour
        for neighbour, rules in expected.items()
        if any((theirs.get(neighbour, {}).get(side) == pk) != links for pk, side, links in rules)
    }
    stale |= {
        related
        for related, pks in relating.items()
        if not set(pks) <= set(theirs.get(related, {}).get("related", []))
    }
    return stale


def attach(article, live=False):
    """Put the facts of `article` into its relations' prefetch caches and return its document
    (`related`, `before` and `after` name the articles its page links to). From its document
    when it has one (loaded with the article: `ArticleQuerySet.with_facts()`) and `live` is
    false; else from the tables, through the same document, so that both ways show the same."""
    document = None if live else _loaded_document(article)
    if document is None:
        prefetch_related_objects([article], *Article.objects.detail_prefetches())
        document = build(article)
    cache = article._prefetched_objects_cache = {}
    cache["expert_roles"] = [_expert_role(article, expert) for expert in document["experts"]]
    cache["conferences"] = [conference_row(data) for data in document["conferences"]]
    cache["media_links"] = [MediaLink(article=article, **data) for data in document["media_links"]]
    cache["tags"] = [Topic(**data) for data in document["topics"]]
    cache["departments"] = [department_row(data) for data in document["departments"]]
    return document


def _loaded_document(article):
    facts = article._state.fields_cache.get("facts")
    return facts.data if facts is not None else None


def _expert_role(article, data):
    return ArticleExpert(article=article, expert=expert_row(data), role=data["role"])


def went_public(sender, article, **kwargs):
    """A story went public (also when its scheduled time came, with no change to it): its
    neighbours' links and its related articles' related news are settled by its rebuild
    (`out_of_step`), once what the change saved with it (its links) is committed too."""
    transaction.on_commit(lambda: rebuild([article.pk]), robust=True)


def connect():
    upkeep.keep(
        upkeep.Keeper(
            rebuild=rebuild,
            # Of the article's own row, what decides its neighbours: its links and the rows
            # they name make the rest.
            article_fields=frozenset({"status", "published_at"}),
            facet_fields=upkeep.shown_on_pages,
            shows_departments_of_experts=True,
            shows_press_contacts=True,
        )
    )
    article_went_public.connect(went_public, dispatch_uid="facts-went-public")
