"""Alerts through a real SMTP server started by the test (aiosmtpd), read as they arrived."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from alerts.models import Delivery, Subscriber
from alerts.sending import send_alerts
from articles import services
from tests.support.mailbox import links_in
from tests.support.smtp import SmtpServer
from tests.support.tasks import run_worker

from .conftest import story, subscriber


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        server.use_in(settings)
        yield server


def text_of(message):
    return message.get_body(("plain",)).get_content()


@pytest.mark.django_db
def test_a_reader_subscribes_confirms_gets_one_alert_and_leaves_in_one_click(
    client, smtp, topic, hub, editor
):
    """The issue's end to end: through the real emails, one alert for a published story and one
    for a scheduled story going public by itself, a hub told, and leaving in one click."""
    client.post(
        "/alerts/",
        {
            "email": "reader@example.org",
            "follow": [f"topic:{topic.pk}"],
            "frequency": "immediately",
        },
    )
    run_worker()
    [confirmation] = smtp.inbox.messages
    assert confirmation["To"] == "reader@example.org"
    assert confirmation["From"].addresses[0].domain == "testserver"
    [confirm] = links_in(text_of(confirmation))
    assert "/alerts/confirm/" in confirm
    client.post(confirm)

    article = story(title="A new cell therapy result")
    article.tags.add(topic)
    services.publish(article, editor)
    run_worker()
    run_worker()
    [alert] = smtp.inbox.to("reader@example.org")[1:]
    assert alert["Subject"] == "A new cell therapy result"
    assert alert.get_content_type() == "multipart/alternative"
    assert {part.get_content_type() for part in alert.iter_parts()} == {"text/plain", "text/html"}
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(alert["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe.startswith("https://testserver/alerts/unsubscribe/")

    moment = timezone.now() + timedelta(hours=2)
    scheduled = story(title="A scheduled result", published_at=moment)
    scheduled.tags.add(topic)
    services.publish(scheduled, editor)
    run_worker()
    assert len(smtp.inbox.to("reader@example.org")) == 2  # not before its time
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        run_worker()
    subjects = [m["Subject"] for m in smtp.inbox.to("reader@example.org")]
    assert subjects[1:] == ["A new cell therapy result", "A scheduled result"]
    assert sorted(hub.urls()) == sorted(
        f"https://testserver/feeds/{path}.{format}"
        for path in ("news", f"topics/{topic.slug}")
        for format in ("rss", "atom", "json")
        for _ in range(2)  # each story
    )
    client.post(
        unsubscribe.removeprefix("https://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert not Subscriber.objects.get(email="reader@example.org").is_receiving


@pytest.mark.django_db
def test_a_mail_server_failing_mid_batch_loses_nothing_and_sends_nothing_twice(smtp, editor):
    readers = [subscriber(f"reader{n}@example.org", "all") for n in range(6)]
    smtp.inbox.refuse_from = 4  # three accepted, then the server refuses
    services.publish(story(title="Batch story"), editor)
    run_worker()
    assert len(smtp.inbox.messages) == 3
    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["pending"] * 3 + ["sent"] * 3
    smtp.inbox.refuse_from = None
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        run_worker()  # the retry, 30 s later
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(r.email for r in readers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_half_way_through_a_batch_sends_nothing_twice_when_run_again(smtp):
    """A real worker process, killed (SIGKILL) while the mail server holds its third message;
    the batch run again sends the rest, and nobody gets the story twice."""
    if connection.vendor != "postgresql":
        pytest.skip("another process reaches the test database on PostgreSQL only")
    readers = [subscriber(f"reader{n}@example.org", "all") for n in range(6)]
    article = story(title="Story of the day")
    article.status, article.published_at = "published", timezone.now()
    article.save()
    worker = start_worker(smtp.port)
    smtp.inbox.on_message = lambda count: count == 3 and os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=120)
    assert worker.returncode == -signal.SIGKILL
    assert len(smtp.inbox.messages) == 3
    assert Delivery.objects.filter(status="sending").count() == 1  # the one it was sending
    smtp.inbox.on_message = None

    send_alerts.enqueue(article.pk)  # the batch, run again
    again = start_worker(smtp.port)
    again.wait(timeout=120)
    assert again.returncode == 0
    received = sorted(m["To"] for m in smtp.inbox.messages)
    assert received == sorted(r.email for r in readers)  # each exactly once


def start_worker(smtp_port):
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": "https://testserver",
        "DEMO": "false",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--interval", "0", "--no-reload", "--verbosity", "0"],
        cwd=django_settings.BASE_DIR,
        env=env,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_several_workers_share_the_tasks_and_run_each_once(smtp):
    """Three worker processes on one database: every story's alert goes out once."""
    if connection.vendor != "postgresql":
        pytest.skip("another process reaches the test database on PostgreSQL only")
    subscriber("reader@example.org", "all")
    for number in range(12):
        story(title=f"Story {number}", status="published", published_at=timezone.now())
    workers = [start_worker(smtp.port) for _ in range(3)]
    for worker in workers:
        worker.wait(timeout=120)
    assert [worker.returncode for worker in workers] == [0, 0, 0]
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages)
    assert subjects == sorted(f"Story {number}" for number in range(12))
