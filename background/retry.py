"""Tasks that retry with backoff.

Django's task API runs a task once: a task that raises is recorded as failed (editors see it
under Tasks Database Backend › Task results). A retrying task also enqueues its next attempt
before the failure is recorded, later each time (30 s, 1 min, 2 min… up to ATTEMPTS), so that a
hub or a mail server that is down for a while gets the work when it is back. Each attempt is its
own task result: failed attempts stay visible, the last one says whether the work was done.
"""

import functools
import logging
from datetime import timedelta

from django.utils import timezone

try:  # Django 6 ships the task API; before it, the django-tasks backport is the same API.
    from django.tasks import task
except ImportError:
    from django_tasks import task

ATTEMPTS = 6
FIRST_DELAY = timedelta(seconds=30)

logger = logging.getLogger(__name__)


def delay_before(attempt):
    """How long to wait before `attempt` (2, 3…): doubling from FIRST_DELAY."""
    return FIRST_DELAY * 2 ** (attempt - 2)


def retrying_task(function=None, *, attempts=ATTEMPTS, **task_options):
    """@retrying_task, like @task: the function's arguments must be JSON values."""

    def decorate(function):
        @functools.wraps(function)
        def attempt_once(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                if attempt < attempts:
                    # An error may say what is left to do (the part that failed).
                    retry_args = getattr(error, "retry_args", args)
                    enqueue_retry(scheduled, retry_args, kwargs, attempt + 1)
                raise

        # The name the task is imported by is the function's own (functools.wraps), which the
        # module binds to this task.
        scheduled = task(**task_options)(attempt_once)
        return scheduled

    return decorate(function) if function else decorate


def enqueue_retry(scheduled, args, kwargs, attempt):
    enqueue_at(scheduled, timezone.now() + delay_before(attempt), *args, attempt=attempt, **kwargs)


def enqueue_at(scheduled, moment, *args, **kwargs):
    """Enqueue `scheduled` to run at `moment`; False when the backend cannot wait (the
    immediate backend of a development set-up)."""
    if not scheduled.get_backend().supports_defer:
        logger.warning("%s not enqueued: its backend cannot run tasks later", scheduled.name)
        return False
    scheduled.using(run_after=moment).enqueue(*args, **kwargs)
    return True
