"""PostgreSQL: a weighted full-text vector per article in a GIN index, ranked with ts_rank.

Title A; summary and names B; text C. Text is stemmed in English; names are also kept as typed
(the `simple` configuration), so "Jones" is found as "Jones" and not only as its stem; CJK text
is added as two-character pieces (query.cjk_pieces).
"""

from django.db import connection

from articles.models import Article

from ..models import ArticleSearchDocument
from ..query import WORD, cjk_pieces


def best_matches(visible, query, limit):
    """[(article id, year, facet keys)] of the `limit` best matches among `visible` (a values
    queryset of the ids (`visible_id`) and years of the articles a reader may see), best first.

    Ranked on title, summary and names (weights A and B): a match only in the text ranks after
    them, newest first. The small rank vector keeps ranking thousands of matches cheap.

    The documents are put in order on their own, and then checked against `visible` in that
    order until `limit` pass: PostgreSQL stops there. Joined to the articles first, every match
    was checked before any was ranked, which cost more than the ranking (docs/performance.md).
    Written by hand around the ORM's SQL for `visible` (the visibility rule): `OFFSET 0` is what
    keeps PostgreSQL from merging the ordered documents into the join, and the ORM cannot say it.
    """
    tsquery, tsquery_params = ts_query(query)
    visible_sql, visible_params = visible.query.sql_with_params()
    documents = ArticleSearchDocument._meta.db_table
    sql = (
        "SELECT d.article_id, a.year, d.facet_keys FROM ("
        "SELECT article_id, facet_keys, published_at, "
        "COALESCE(ts_rank(rank_vector, q.query), 0) AS rank "
        f"FROM {documents}, (SELECT {tsquery} AS query) q WHERE vector @@ q.query "
        "ORDER BY rank DESC, published_at DESC, article_id DESC OFFSET 0) d "
        f"JOIN ({visible_sql}) a ON a.visible_id = d.article_id "
        "ORDER BY d.rank DESC, d.published_at DESC, d.article_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*tsquery_params, *visible_params, limit])
        return cursor.fetchall()


def ts_query(query):
    """(SQL, params) of the tsquery: English stems or exact words (for names), AND-ed with the
    CJK pieces typed, if any. websearch_to_tsquery reads anything a person types (quotes, `or`,
    `-word`) without a syntax error."""
    latin = query.latin_text
    parts, params = [], []
    if WORD.search(latin):
        parts.append("(websearch_to_tsquery('english', %s) || websearch_to_tsquery('simple', %s))")
        params += [latin, latin]
    for run in query.cjk_runs:
        pieces = cjk_pieces(run).split()
        parts.append("to_tsquery('simple', %s)")
        params.append(f"{pieces[0]}:*" if len(run) == 1 else " <-> ".join(pieces))
    return " && ".join(parts), params


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
        "(article_id, vector, rank_vector, facet_keys, published_at) "
        f"SELECT v.id, {full}, {ranked}, v.facets, a.published_at "
        f"FROM (VALUES {', '.join([placeholders] * len(rows))}) "
        f"AS v(id, {', '.join(SENT_TEXTS)}, facets) "
        f"JOIN {Article._meta.db_table} a ON a.id = v.id "
        "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, "
        "rank_vector = EXCLUDED.rank_vector, facet_keys = EXCLUDED.facet_keys, "
        "published_at = EXCLUDED.published_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
