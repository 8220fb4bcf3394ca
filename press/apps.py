from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PressConfig(AppConfig):
    """The press room: accredited journalists and the embargoed stories open to them."""

    name = "press"
    verbose_name = "Press room"

    def ready(self):
        from . import access, embargo_mail

        embargo_mail.connect()
        post_migrate.connect(
            access.forgetting_after_migrate, sender=self, dispatch_uid="press-forget-old"
        )
