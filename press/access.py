"""The access log: each read and download of a press room story recorded as it happens, and
entries older than PRESS_ACCESS_LOG_DAYS removed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import PressAccess


def record(journalist, article, kind):
    PressAccess.objects.create(
        journalist=journalist,
        article=article,
        kind=kind,
        embargoed=bool(article and article.is_embargoed),
    )
    forget_old()


def forget_old():
    cutoff = timezone.now() - timedelta(days=settings.PRESS_ACCESS_LOG_DAYS)
    PressAccess.objects.filter(at__lt=cutoff).delete()
