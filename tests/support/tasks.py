"""Running the task worker in a test: `manage.py db_worker --batch`, the real worker, until
nothing is due. It handles SIGINT and SIGTERM while it runs; the test process gets its own
handlers back afterwards."""

import signal

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def run_worker():
    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    try:
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
