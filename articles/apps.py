from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    """The news itself: articles and what they refer to, and the public pages and feeds."""

    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import (
            facts,
            highlights,
            page_marks,
            publication,
            revisions,  # noqa: F401  (registers the models with django-reversion)
            upkeep,
        )

        publication.connect()
        upkeep.connect()
        facts.connect()
        highlights.connect()
        page_marks.connect()
        post_migrate.connect(facts.build_missing, sender=self)
        post_migrate.connect(highlights.build_after_migrate, sender=self)
        post_migrate.connect(page_marks.build_after_migrate, sender=self)
