from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Uploaded images: verified, stripped of metadata and rendered at upload, for any model."""

    name = "media"
    verbose_name = "Images"
