from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AlertsConfig(AppConfig):
    """Email alerts: double opt-in subscriptions, alerts as stories go public, daily digests,
    corrections, one-click unsubscribe."""

    name = "alerts"
    verbose_name = "Email alerts"

    def ready(self):
        from articles.publication import article_went_public

        from .schedule import digest_after_migrate
        from .sending import article_went_public as send_when_public

        article_went_public.connect(send_when_public, dispatch_uid="alerts-went-public")
        post_migrate.connect(digest_after_migrate, sender=self, dispatch_uid="alerts-digest")
