from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    """Background work shared by the apps: tasks that retry with backoff, tasks run at a time."""

    name = "background"
    verbose_name = "Background work"
