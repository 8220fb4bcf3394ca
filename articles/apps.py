from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import (
            caching,
            revisions,  # noqa: F401  (registers the models with django-reversion)
            search,
        )

        search.connect_signals()
        caching.connect_signals()
