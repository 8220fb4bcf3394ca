"""Alerts as stories go public: once per subscriber and story, with one-click unsubscribe."""

from datetime import timedelta
from email import message_from_string

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts.models import Delivery, Subscriber
from alerts.schedule import DIGEST_TASK, schedule_next_digest
from articles import services
from articles.models import Article
from tests.support.factories import ExpertFactory, TopicFactory
from tests.support.mailbox import link_to
from tests.support.tasks import run_worker

from .conftest import story, subscriber

pytestmark = pytest.mark.django_db


def tomorrow_at(hour):
    """`hour`:00 tomorrow, with the newsroom's digest waiting for its next hour after that, as
    it would be then: the one `migrate` enqueued was due at the next digest hour after the real
    time the tests started, which may come before tomorrow's `hour` (before 07:00)."""
    moment = (timezone.now() + timedelta(days=1)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    DBTaskResult.objects.filter(task_path=DIGEST_TASK).delete()
    with time_machine.travel(moment, tick=False):
        schedule_next_digest()
    return moment


def alerts_to(email):
    return [message for message in mail.outbox if message.to == [email]]


def test_a_subscriber_gets_exactly_one_alert_for_a_matching_story(topic, editor):
    follower = subscriber("follower@example.org", topic)
    everyone = subscriber("everything@example.org", "all")
    subscriber("elsewhere@example.org", TopicFactory(name="Dermatology"))
    expert = ExpertFactory(given_name="He", family_name="HUANG", honorific="Prof.")
    article = story(title="A first CAR-T result", summary="What the trial found.", expert=expert)
    article.tags.add(topic)
    services.publish(article, editor)
    run_worker()
    run_worker()
    assert {m.to[0] for m in mail.outbox} == {"follower@example.org", "everything@example.org"}
    [alert] = alerts_to("follower@example.org")
    assert alert.subject == "A first CAR-T result"
    assert "What the trial found." in alert.body and "Prof. He HUANG" in alert.body
    assert "https://testserver" + article.get_absolute_url() in alert.body
    html, content_type = alert.alternatives[0]
    assert content_type == "text/html" and "A first CAR-T result" in html
    unsubscribe = alert.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://testserver/alerts/unsubscribe/")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.filter(subscriber=follower, status="sent").count() == 1
    assert Delivery.objects.filter(subscriber=everyone, status="sent").count() == 1


def test_withdrawal_and_republication_send_nothing_more(topic, editor):
    subscriber("follower@example.org", topic)
    article = story(tags=[topic])
    services.publish(article, editor)
    run_worker()
    services.withdraw(article, editor)
    services.publish(article, editor)
    run_worker()
    assert len(alerts_to("follower@example.org")) == 1


def test_a_story_withdrawn_before_the_worker_came_is_not_sent(topic, editor):
    subscriber("follower@example.org", "all")
    article = story()
    services.publish(article, editor)
    services.withdraw(article, editor)
    run_worker()
    assert mail.outbox == []


def test_a_scheduled_story_is_sent_when_it_goes_public_by_itself(topic, editor):
    subscriber("follower@example.org", topic)
    moment = timezone.now() + timedelta(hours=3)
    article = story(published_at=moment)
    article.tags.add(topic)
    services.publish(article, editor)
    run_worker()
    assert mail.outbox == []
    with time_machine.travel(moment + timedelta(seconds=2), tick=False):
        run_worker()
    [alert] = mail.outbox
    assert alert.subject == article.title


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(topic, editor):
    follower = subscriber("follower@example.org", "all")
    services.publish(story(), editor)
    run_worker()
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    path = header.strip("<>").removeprefix("https://testserver")
    mail_client = Client(enforce_csrf_checks=True)  # a mail provider's POST, no cookie, no token
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    follower.refresh_from_db()
    assert not follower.is_receiving
    services.publish(story(), editor)
    run_worker()
    assert len(mail.outbox) == 1


def test_the_unsubscribe_link_asks_before_it_unsubscribes(client, editor):
    follower = subscriber("follower@example.org", "all")
    services.publish(story(), editor)
    run_worker()
    path = link_to(mail.outbox[0], "unsubscribe")
    page = client.get(path)
    assert page.status_code == 200 and b"Stop all alerts" in page.content
    follower.refresh_from_db()
    assert follower.is_receiving


def test_preferences_change_frequency_and_topics_and_delete_everything(client, topic, editor):
    other = TopicFactory(name="Oncology")
    story(status=Article.Status.PUBLISHED, published_at=timezone.now()).tags.add(other)
    run_worker()
    follower = subscriber("follower@example.org", topic, other)
    article = story(tags=[topic])
    services.publish(article, editor)
    run_worker()
    [alert] = alerts_to("follower@example.org")
    preferences = link_to(alert, "preferences")
    page = client.get(preferences).content.decode()
    assert "Topic: Cell therapy" in page and "Topic: Oncology" in page
    response = client.post(preferences, {"follow": [f"topic:{other.pk}"], "frequency": "daily"})
    assert response.status_code == 302
    follower.refresh_from_db()
    assert follower.frequency == "daily" and list(follower.topics.all()) == [other]
    assert "Your choices are saved" in client.get(response["Location"]).content.decode()

    forget = preferences + "delete/"
    assert b"Links in earlier alerts will stop working" in client.get(forget).content
    assert b"Your data is deleted" in client.post(forget).content
    assert not Subscriber.objects.filter(email="follower@example.org").exists()
    assert not Delivery.objects.filter(subscriber_id=follower.pk).exists()
    assert client.get(preferences).status_code == 404  # earlier links no longer work


def test_the_daily_digest_holds_the_days_stories_once(topic, editor, settings):
    settings.ALERTS_DIGEST_HOUR = 7
    start = tomorrow_at(5)
    with time_machine.travel(start, tick=False):
        reader = subscriber("reader@example.org", topic, frequency="daily")
        first, second = story(tags=[topic], title="Morning story"), story(title="Other story")
        second.tags.add(topic)
        services.publish(first, editor)
        services.publish(second, editor)
        services.publish(story(title="Not followed"), editor)
        run_worker()
    assert mail.outbox == []  # daily: nothing at once
    with time_machine.travel(start + timedelta(hours=2, minutes=1), tick=False):
        run_worker()
    [digest] = mail.outbox
    assert digest.subject.startswith("2 new stories")
    assert "Morning story" in digest.body and "Other story" in digest.body
    assert "Not followed" not in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    with time_machine.travel(start + timedelta(days=1, hours=2, minutes=1), tick=False):
        run_worker()
    assert len(mail.outbox) == 1
    reader.refresh_from_db()
    # Served up to its last run, though nothing concerned it that day: the next digest does not
    # look further back.
    assert reader.last_digest_at == start + timedelta(days=1, hours=2, minutes=1)


def test_a_digest_never_carries_what_is_not_public(topic, editor, settings):
    start = tomorrow_at(5)
    with time_machine.travel(start, tick=False):
        subscriber("reader@example.org", "all", frequency="daily")
        withdrawn = story(title="Withdrawn again")
        services.publish(withdrawn, editor)
        services.withdraw(withdrawn, editor)
        services.publish(story(title="Public story"), editor)
        services.publish(
            story(title="Scheduled story", published_at=start + timedelta(days=3)), editor
        )
    with time_machine.travel(start + timedelta(hours=2, minutes=1), tick=False):
        run_worker()
    [digest] = mail.outbox
    assert "Public story" in digest.body
    assert "Withdrawn again" not in digest.body and "Scheduled story" not in digest.body


def test_an_editor_sends_a_correction_to_the_storys_recipients(editor_client, editor):
    subscriber("reader@example.org", "all")
    article = story(title="Dosage story")
    services.publish(article, editor)
    run_worker()
    subscriber("later@example.org", "all")  # never got the story: no correction either
    response = editor_client.post(
        "/admin/alerts/correctionnotice/add/",
        {"article": article.pk, "note": "The dose was 10 mg, not 100 mg."},
    )
    assert response.status_code == 302
    run_worker()
    corrections = [m for m in mail.outbox if m.subject.startswith("Correction")]
    assert [m.to for m in corrections] == [["reader@example.org"]]
    assert "The dose was 10 mg, not 100 mg." in corrections[0].body
    assert "List-Unsubscribe" in corrections[0].extra_headers
    run_worker()
    assert len([m for m in mail.outbox if m.subject.startswith("Correction")]) == 1


def test_a_correction_of_a_story_no_longer_public_is_refused(editor_client, editor):
    article = story()
    services.publish(article, editor)
    services.withdraw(article, editor)
    response = editor_client.post(
        "/admin/alerts/correctionnotice/add/", {"article": article.pk, "note": "Fixed."}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_html_alert_has_no_remote_image_but_the_storys_own(editor):
    subscriber("reader@example.org", "all")
    services.publish(story(), editor)
    run_worker()
    html = mail.outbox[0].alternatives[0][0]
    assert "<img" not in html  # the story has no picture
    parsed = message_from_string(mail.outbox[0].message().as_string())
    assert parsed.get_content_type() == "multipart/alternative"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/alerts/subscriber/",
        "/admin/alerts/subscriber/?state=waiting",
        "/admin/alerts/delivery/?status__exact=sending",
        "/admin/alerts/correctionnotice/",
        "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED",
    ],
)
def test_editors_see_subscribers_deliveries_and_failed_tasks(editor, contributor, path):
    subscriber("reader@example.org", "all")
    as_editor, as_contributor = Client(), Client()
    as_editor.force_login(editor)
    as_contributor.force_login(contributor)
    assert as_editor.get(path).status_code == 200
    assert as_contributor.get(path).status_code == 403


def test_nobody_edits_a_subscriber_in_the_admin(editor_client):
    reader = subscriber("reader@example.org", "all")
    page = editor_client.get(f"/admin/alerts/subscriber/{reader.pk}/change/")
    assert page.status_code == 200 and b'name="email"' not in page.content
