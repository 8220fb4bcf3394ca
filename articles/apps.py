from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import revisions  # noqa: F401  (registers the models with django-reversion)
        from .search import connect_signals

        connect_signals()
