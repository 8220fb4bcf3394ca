"""SQLite, the embedded database of `make run`: an FTS5 table of the articles' texts.

The table (made by migration 0002: a virtual table has no model) holds, per article (its
rowid), the title, the names it refers to, the summary and the plain text, each with its CJK
pieces; the Porter stemmer folds English word endings. Matches are ranked by bm25 on the
title, names and summary; a match only in the text ranks after them, newest first, as on
PostgreSQL.
"""

from django.db import connection

from ..models import ArticleSearchDocument
from ..query import WORD, cjk_pieces, with_cjk_pieces
from ..snippets import plain_text

FULLTEXT_TABLE = "search_fulltext"
COLUMNS = ("title", "names", "summary", "body")
RANK_WEIGHTS = "10.0, 4.0, 4.0, 0.0"  # in COLUMNS order


def best_matches(visible, query, limit):
    """[(article id, year, facet keys)] of the `limit` best matches among `visible` (a values
    queryset of the ids (`visible_id`) and years of the articles a reader may see), best first:
    one statement around the ORM's SQL for `visible`, as FTS5's MATCH and bm25() have no ORM
    expression."""
    visible_sql, visible_params = visible.query.sql_with_params()
    sql = (
        f"SELECT f.article_id, a.year, d.facet_keys FROM (SELECT rowid AS article_id, "
        f"-bm25({FULLTEXT_TABLE}, {RANK_WEIGHTS}) AS rank FROM {FULLTEXT_TABLE} "
        f"WHERE {FULLTEXT_TABLE} MATCH %s) f "
        f"JOIN {ArticleSearchDocument._meta.db_table} d ON d.article_id = f.article_id "
        f"JOIN ({visible_sql}) a ON a.visible_id = f.article_id "
        "ORDER BY f.rank DESC, d.published_at DESC, f.article_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_query(query), *visible_params, limit])
        return cursor.fetchall()


def fts_query(query):
    """Every word typed, as an FTS5 string (so no word is read as an operator), AND-ed; a CJK
    run as the phrase of its pieces, a single CJK character as a prefix."""
    parts = [quoted(word) for word in WORD.findall(query.latin_text)]
    for run in query.cjk_runs:
        pieces = cjk_pieces(run)
        parts.append(quoted(pieces) + ("*" if len(run) == 1 else ""))
    return " AND ".join(parts)


def quoted(text):
    return '"' + text.replace('"', '""') + '"'


def write(ids, texts):
    """The FTS5 rows of the articles `ids` replaced by those of `texts` (an article deleted since
    has none); the facet keys in the search documents, as on PostgreSQL."""
    documents = [
        ArticleSearchDocument(
            article_id=text.pk, facet_keys=text.facet_keys, published_at=text.published_at
        )
        for text in texts
    ]
    ArticleSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["facet_keys", "published_at"],
    )
    rows = [
        (
            text.pk,
            with_cjk_pieces(text.title),
            with_cjk_pieces(text.names),
            with_cjk_pieces(text.summary),
            with_cjk_pieces(plain_text(text.body)),
        )
        for text in texts
    ]
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FULLTEXT_TABLE} WHERE rowid IN ({placeholders})", ids)
        cursor.executemany(
            f"INSERT INTO {FULLTEXT_TABLE} (rowid, {', '.join(COLUMNS)}) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
