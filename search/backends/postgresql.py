"""PostgreSQL: a weighted full-text vector per article in a GIN index, ranked with ts_rank.

Title A; summary and names B; text C. Text is stemmed in English; names are also kept as typed
(the `simple` configuration), so "Jones" is found as "Jones" and not only as its stem; CJK text
is added as two-character pieces (query.cjk_pieces).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from articles.models import Article

from ..models import ArticleSearchDocument
from ..query import WORD, cjk_pieces


def matching(articles, query):
    tsquery = ts_query(query)
    # Ranked on title, summary and names (weights A and B): a match only in the text ranks after
    # them, newest first. The small vector keeps ranking thousands of matches cheap.
    rank = SearchRank(F("search_document__rank_vector"), tsquery)
    return articles.filter(search_document__vector=tsquery).annotate(
        rank=Coalesce(rank, Value(0.0))
    )


def ts_query(query):
    """English stems or exact words (for names), AND-ed with the CJK pieces typed, if any."""
    latin = query.latin_text
    parts = []
    if WORD.search(latin):
        parts.append(
            SearchQuery(latin, config="english", search_type="websearch")
            | SearchQuery(latin, config="simple", search_type="websearch")
        )
    for run in query.cjk_runs:
        pieces = cjk_pieces(run).split()
        raw = f"{pieces[0]}:*" if len(run) == 1 else " <-> ".join(pieces)
        parts.append(SearchQuery(raw, config="simple", search_type="raw"))
    combined = parts[0]
    for part in parts[1:]:
        combined &= part
    return combined


# The texts `search_terms` sends for each article, in order.
SENT_TEXTS = ("title", "title_cjk", "summary_names", "names_cjk", "body_cjk")
# (weight, text search configuration, text) of each part of the vector. The English words of the
# body are read from the stored HTML: PostgreSQL's parser skips tags and entities, so the body
# need not be stripped and sent back.
VECTOR_PARTS = (
    ("A", "english", "v.title"),
    ("A", "simple", "v.title_cjk"),
    ("B", "english", "v.summary_names"),
    ("B", "simple", "v.names_cjk"),
    ("C", "english", "a.body"),
    ("C", "simple", "v.body_cjk"),
)
RANKED_WEIGHTS = {"A", "B"}


def search_terms(text):
    """The texts an article's vectors are made of, in SENT_TEXTS order."""
    names = text.names
    return (
        text.title,
        cjk_pieces(text.title),
        f"{text.summary} {names}",
        f"{names} {cjk_pieces(text.summary)} {cjk_pieces(names)}",
        cjk_pieces(text.body),
    )


def write(ids, texts):
    """The documents of `texts` (those of the other `ids`, deleted articles, went with them), in
    one INSERT … ON CONFLICT for a batch: the texts are sent once and PostgreSQL weights and
    combines them. Written by hand because the vectors are expressions over the sent texts and
    the stored body, which bulk_create cannot write, and an UPDATE per row costs a round trip
    each. The full vector is searched; the rank vector (weights A and B only) orders matches."""
    if not texts:
        return
    rows = [(text.pk, *search_terms(text), text.facet_keys) for text in texts]
    parts = [
        (weight, f"setweight(to_tsvector('{config}', {source}), '{weight}')")
        for weight, config, source in VECTOR_PARTS
    ]
    full = " || ".join(part for _, part in parts)
    ranked = " || ".join(part for weight, part in parts if weight in RANKED_WEIGHTS)
    placeholders = "(" + ", ".join(["%s::bigint"] + ["%s::text"] * (len(SENT_TEXTS) + 1)) + ")"
    sql = (
        f"INSERT INTO {ArticleSearchDocument._meta.db_table} "
        "(article_id, vector, rank_vector, facet_keys) "
        f"SELECT v.id, {full}, {ranked}, v.facets "
        f"FROM (VALUES {', '.join([placeholders] * len(rows))}) "
        f"AS v(id, {', '.join(SENT_TEXTS)}, facets) "
        f"JOIN {Article._meta.db_table} a ON a.id = v.id "
        "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, "
        "rank_vector = EXCLUDED.rank_vector, facet_keys = EXCLUDED.facet_keys"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
