from django.apps import AppConfig


class PressConfig(AppConfig):
    """The press room: accredited journalists and the embargoed stories open to them."""

    name = "press"
    verbose_name = "Press room"

    def ready(self):
        from . import embargo_mail

        embargo_mail.connect()
