from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editorial desk: the admin's home for staff, share links for previews, and the
    emails that tell editors and authors where their stories stand."""

    name = "desk"
    verbose_name = "Editorial desk"

    def ready(self):
        from . import notifications

        notifications.connect()
