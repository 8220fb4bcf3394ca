"""What search keeps of each article, apart from the article: derived data, rebuilt from the
article and the names it refers to (search/indexing.py)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.backends.ddl_references import Statement

from articles.models import Article

NO_STATEMENT = Statement("")


class FullTextIndex(GinIndex):
    """A GIN index on PostgreSQL, the production database. The embedded SQLite database has no
    such index type: its backend searches an FTS5 table instead (search/backends/sqlite.py), and
    the index is left out there, so one model and one migration serve both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return NO_STATEMENT
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return NO_STATEMENT
        return super().remove_sql(model, schema_editor, **kwargs)


class ArticleSearchDocument(models.Model):
    """One article as search sees it: the keys of the topics, departments and experts it refers
    to (counted by the search facets), its publication date, and on PostgreSQL its weighted
    search vectors."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    # "topic:12 department:3 expert:1500": plain words, split in a moment for a thousand matches.
    facet_keys = models.TextField(blank=True, default="")
    # The article's, so that matches are put in order before they are checked against the
    # articles the reader may see (backends: best_matches).
    published_at = models.DateTimeField(null=True)
    # Title (A), summary and names (B), text (C): what is searched.
    vector = SearchVectorField(null=True)
    # Title, summary and names only: small enough to rank thousands of matches quickly.
    rank_vector = SearchVectorField(null=True)

    class Meta:
        indexes = [FullTextIndex(fields=["vector"], name="search_document_vector_idx")]

    def __str__(self):
        return f"Search document of article {self.article_id}"
