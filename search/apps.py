from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    """Search of published news: one search document per article, kept current on every change."""

    name = "search"
    verbose_name = "Search"

    def ready(self):
        from . import indexing, signals  # the models are ready only now

        signals.connect()
        post_migrate.connect(indexing.index_missing_documents, sender=self)
