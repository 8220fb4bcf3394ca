"""SQLite, the embedded database of `make run`: an FTS5 table of the articles' texts.

The table (made by migration 0002: a virtual table has no model) holds, per article (its
rowid), the title, the names it refers to, the summary and the plain text, each with its CJK
pieces; the Porter stemmer folds English word endings. Matches are ranked by bm25 on the
title, names and summary; a match only in the text ranks after them, newest first, as on
PostgreSQL.
"""

from django.db import connection
from django.db.models import F, FloatField, Func
from django.db.models.expressions import RawSQL

from ..models import ArticleSearchDocument
from ..query import WORD, cjk_pieces, with_cjk_pieces
from ..snippets import plain_text

FULLTEXT_TABLE = "search_fulltext"
COLUMNS = ("title", "names", "summary", "body")
RANK_WEIGHTS = "10.0, 4.0, 4.0, 0.0"  # in COLUMNS order


class FullTextRank(Func):
    """How well the article matches the FTS5 query `match` (bm25, negated: higher is better)."""

    template = (
        f"(SELECT -bm25({FULLTEXT_TABLE}, {RANK_WEIGHTS}) FROM {FULLTEXT_TABLE} "
        f"WHERE {FULLTEXT_TABLE} MATCH %(match)s AND rowid = %(expressions)s)"
    )
    output_field = FloatField()

    def __init__(self, match):
        super().__init__(F("pk"))
        self.match = match

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, match="%s", **extra_context)
        return sql, (self.match, *params)


def matching(articles, query):
    match = fts_query(query)
    matched = RawSQL(f"SELECT rowid FROM {FULLTEXT_TABLE} WHERE {FULLTEXT_TABLE} MATCH %s", [match])
    return articles.filter(pk__in=matched).annotate(rank=FullTextRank(match))


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
    ArticleSearchDocument.objects.bulk_create(
        [ArticleSearchDocument(article_id=text.pk, facet_keys=text.facet_keys) for text in texts],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["facet_keys"],
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
