from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class NewsroomConfig(AppConfig):
    """The site as a whole: settings, URLs, the page cache, health check, robots and sitemaps."""

    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from articles.facts import facts_rebuilt

        from .middleware import content_changed  # the models are ready only now

        # Any change to the news (an article, a facet, a link between them) retires every
        # cached page: which pages show a row is not worth working out.
        for model in apps.get_app_config("articles").get_models(include_auto_created=True):
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-saved")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-deleted")
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"{uid}-linked")
        # The read model of the article pages is written in bulk, after the change committed:
        # pages cached in between are retired too.
        facts_rebuilt.connect(content_changed, dispatch_uid="page-cache-facts-rebuilt")
