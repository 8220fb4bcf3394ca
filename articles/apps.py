from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The news itself: articles and what they refer to, and the public pages and feeds."""

    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import (
            publication,
            revisions,  # noqa: F401  (registers the models with django-reversion)
        )

        publication.connect()
