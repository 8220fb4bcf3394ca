"""When the daily digest goes out: at ALERTS_DIGEST_HOUR in the newsroom's time zone, from a
task that enqueues the next day's before it sends (no cron). The first one is enqueued after
`migrate` and whenever an address confirms a daily digest."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from background.retry import enqueue_at

DIGEST_TASK = "alerts.sending.send_digests"


def next_digest_at(now=None):
    """The next ALERTS_DIGEST_HOUR:00, local time, after `now`."""
    now = timezone.localtime(now or timezone.now())
    today = timezone.make_aware(
        datetime.combine(now.date(), time(settings.ALERTS_DIGEST_HOUR)), now.tzinfo
    )
    return today if today > now else today + timedelta(days=1)


def digest_waiting():
    return DBTaskResult.objects.filter(status="READY", task_path=DIGEST_TASK).exists()


def schedule_next_digest():
    """Enqueue the next digest unless one is waiting already (a retry counts: it schedules the
    next when it runs)."""
    if digest_waiting():
        return False
    return enqueue_at(import_string(DIGEST_TASK), next_digest_at())


def digest_after_migrate(**kwargs):
    """post_migrate receiver: a newly set-up newsroom has its first digest waiting."""
    schedule_next_digest()
