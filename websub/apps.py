from django.apps import AppConfig


class WebSubConfig(AppConfig):
    """WebSub: the hubs in WEBSUB_HUBS are told when a feed changes, so readers get it at once."""

    name = "websub"
    verbose_name = "WebSub"

    def ready(self):
        from articles.publication import article_left_public, article_went_public

        from .notify import feeds_changed

        article_went_public.connect(feeds_changed, dispatch_uid="websub-went-public")
        article_left_public.connect(feeds_changed, dispatch_uid="websub-left-public")
