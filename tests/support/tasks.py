"""Running the task worker in a test: `manage.py db_worker --batch`, the real worker, until
nothing is due. It handles SIGINT and SIGTERM while it runs; the test process gets its own
handlers back afterwards.

Between tasks the worker closes connections that are unusable, as Django does between
requests; inside a test's transaction (never committed) that would close the test's own
connection, so it is left open there. (tests/alerts/test_smtp.py runs the worker as its own
process, on committed data.)"""

import signal
from unittest import mock

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
WORKER_CLOSES_CONNECTIONS = "django_tasks_db.management.commands.db_worker.close_old_connections"


def run_worker():
    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        with mock.patch(WORKER_CLOSES_CONNECTIONS, lambda: None):
            call_command(
                "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
            )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def waiting(task_path):
    """The tasks of that path waiting to run (now or later), soonest first."""
    return list(
        DBTaskResult.objects.filter(status="READY", task_path=task_path).order_by("run_after")
    )
