from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom of `make run`: installed only with DEBUG or DEMO on, never in
    production."""

    name = "demo"
    verbose_name = "Demo content"
