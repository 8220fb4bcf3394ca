"""Search of published articles: the best matches, ranked, with facets, people and events.

Matching and ranking are the database's (search/backends); everything else here works the same
on every database. docs/search.md explains the choices.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import IntegerField
from django.db.models.functions import Cast, ExtractYear

from articles.models import Article
from articles.pagination import RowsInOrder

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
    """
    filters = facets.clean_filters(filters or {})
    if not query.has_words:
        return SearchResults(query, ranked_articles_by_id([]), [], [], [], filters)
    matches = facets.narrow(backend().matching(Article.objects.published(), query), filters)
    best = best_matches(in_rank_order(matches), MAX_RESULTS + 1)
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


def ranked_articles(query):
    """Just the matching published articles, best first (for the search feed)."""
    if not query.has_words:
        return Article.objects.none()
    return in_rank_order(backend().matching(Article.objects.published(), query))


def in_rank_order(matches):
    return matches.order_by("-rank", "-published_at", "-pk")


def ranked_articles_by_id(ids):
    """The best matches in rank order, for the paginator: each page is one query by id."""
    return RowsInOrder(Article.objects.with_source().only(*RESULT_FIELDS), ids)


def best_matches(ranked, limit):
    """[(pk, year, facet keys)] of the first `limit` of the `ranked` articles.

    Read with a cursor from the ORM's SQL: the ORM's per-row value converters cost a noticeable
    share of the query's time for a thousand rows (docs/performance.md)."""
    year = Cast(ExtractYear("published_at"), IntegerField())
    rows = ranked.annotate(year=year).values_list("pk", "year", "search_document__facet_keys")
    sql, params = rows[:limit].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
