"""Search of published articles: the best matches, ranked, with facets, people and events.

Matching and ranking are the database's (search/backends); everything else here works the same
on every database. docs/search.md explains the choices.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Cast, ExtractYear

from articles.models import Article
from articles.pagination import RowsInOrder
from articles.querysets import IsAnyOf

from . import facets
from .backends import backend
from .people import matching_events, matching_people

MAX_RESULTS = 1000
# What a result shows: the text and summary give its snippet.
RESULT_FIELDS = ("title", "slug", "summary", "body", "published_at", "source__name")


@dataclass
class SearchResults:
    query: object  # query.Query
    articles: RowsInOrder  # paginated by the view
    facets: list
    people: list
    events: list
    filters: dict
    is_capped: bool = False  # more than MAX_RESULTS matched; the best MAX_RESULTS are kept


def search(query, filters=None):
    """Published articles matching `query`, best first, narrowed by facet `filters`.

    One query ranks the matches and keeps the best MAX_RESULTS (id, year and the facet keys of
    each article's search document); the page of articles, the facet counts and the total are
    then worked out from those, so the cost stays bounded however common the words are.
    Matching and ranking are the database's (search/backends).
    """
    filters = facets.clean_filters(filters or {})
    if not query.has_words:
        return SearchResults(query, ranked_articles_by_id([]), [], [], [], filters)
    visible = facets.narrow(Article.objects.published(), filters)
    best = best_matches(visible, query, MAX_RESULTS + 1)
    kept = best[:MAX_RESULTS]
    most = facets.most_used(keys for _, _, keys in kept)
    return SearchResults(
        query=query,
        articles=ranked_articles_by_id([pk for pk, _, _ in kept]),
        facets=facets.facets(most, Counter(year for _, year, _ in kept), filters),
        people=matching_people(query),
        events=matching_events(query),
        filters=filters,
        is_capped=len(best) > MAX_RESULTS,
    )


def best_matches(articles, query, limit):
    """[(pk, year, facet keys)] of the `limit` best matches among `articles`, best first."""
    year = Cast(ExtractYear("published_at"), IntegerField())
    visible = articles.order_by().values(visible_id=F("pk"), year=year)
    return backend().best_matches(visible, query, limit)


def ranked_articles(query, limit):
    """The `limit` best matching published articles, best first (for the search feed): a
    queryset, in rank order."""
    if not query.has_words:
        return Article.objects.none()
    ids = [pk for pk, _, _ in best_matches(Article.objects.published(), query, limit)]
    if not ids:
        return Article.objects.none()
    order = Case(*(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)))
    return Article.objects.published().filter(IsAnyOf(F("pk"), ids)).order_by(order)


def ranked_articles_by_id(ids):
    """The best matches in rank order, for the paginator: each page is one query by id."""
    return RowsInOrder(Article.objects.with_source().only(*RESULT_FIELDS), ids)
