"""The access log: each read and download of a press room story recorded as it happens; once a
day a task removes entries older than PRESS_ACCESS_LOG_DAYS (and enqueues the next day's: no
cron, the first one enqueued by `migrate`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from background.retry import enqueue_at, retrying_task

from .models import PressAccess

FORGET_TASK = "press.access.forget_old_daily"


def record(journalist, article, kind):
    PressAccess.objects.create(
        journalist=journalist,
        article=article,
        kind=kind,
        embargoed=bool(article and article.is_embargoed),
    )


def forget_old():
    cutoff = timezone.now() - timedelta(days=settings.PRESS_ACCESS_LOG_DAYS)
    return PressAccess.objects.filter(at__lt=cutoff).delete()[0]


@retrying_task
def forget_old_daily():
    forgotten = forget_old()
    schedule_forgetting(timezone.now() + timedelta(days=1))
    return forgotten


def schedule_forgetting(moment=None):
    """Enqueue the next removal unless one is waiting already."""
    if DBTaskResult.objects.filter(status="READY", task_path=FORGET_TASK).exists():
        return False
    return enqueue_at(forget_old_daily, moment or timezone.now())


def forgetting_after_migrate(**kwargs):
    schedule_forgetting()
