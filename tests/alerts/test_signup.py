"""Signing up: double opt-in, one confirmation a day, the same answer for every address."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import Subscriber
from alerts.sending import send_digests
from tests.support.factories import ArticleFactory, TopicFactory
from tests.support.mailbox import link_to
from tests.support.tasks import run_worker

pytestmark = pytest.mark.django_db


def sign_up(client, email, follow=("all",), frequency="immediately", **extra):
    return client.post(
        "/alerts/", {"email": email, "follow": list(follow), "frequency": frequency, **extra}
    )


def test_a_topic_page_link_offers_that_topic_checked(client, topic):
    page = client.get(f"/alerts/?topic={topic.slug}").content.decode()
    assert 'value="all"' in page
    assert f'value="topic:{topic.pk}" id="id_follow_1" checked' in page
    assert "Topic: Cell therapy" in page


def test_a_topic_nobody_may_see_is_never_offered(client):
    hidden = TopicFactory(name="Secret merger")
    ArticleFactory(draft=True, tags=[hidden])
    page = client.get(f"/alerts/?topic={hidden.slug}").content.decode()
    assert "Secret merger" not in page
    response = sign_up(client, "reader@example.org", follow=[f"topic:{hidden.pk}"])
    assert response.status_code == 200  # offered nothing of it: the choice is refused
    assert "Select a valid choice" in response.content.decode()


def test_nothing_is_sent_but_one_confirmation_until_its_link_is_followed(client, topic):
    response = sign_up(client, "Reader@Example.org", follow=[f"topic:{topic.pk}"])
    assert response.status_code == 302 and response["Location"] == "/alerts/check-your-inbox/"
    run_worker()
    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    assert "Cell therapy" in confirmation.body
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert not subscriber.is_receiving

    ArticleFactory(tags=[topic])
    run_worker()
    assert len(mail.outbox) == 1  # not confirmed: no alert

    confirm = link_to(confirmation, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and b"Confirm my alerts" in page.content
    subscriber.refresh_from_db()
    assert not subscriber.is_receiving  # a link scanner's GET subscribes nobody
    response = client.post(confirm)
    assert response.status_code == 302 and "/alerts/preferences/" in response["Location"]
    subscriber.refresh_from_db()
    assert subscriber.is_receiving
    assert list(subscriber.topics.all()) == [topic]
    assert "Your email alerts are on" in client.get(response["Location"]).content.decode()


def test_a_second_sign_up_the_same_day_sends_nothing_more(client):
    for _ in range(3):
        sign_up(client, "reader@example.org")
    run_worker()
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        sign_up(client, "reader@example.org")
        run_worker()
    assert len(mail.outbox) == 2


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(client):
    Subscriber.objects.create(email="known@example.org", confirmed_at=timezone.now())
    known, unknown = sign_up(client, "known@example.org"), sign_up(client, "new@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content


def test_a_subscribed_address_is_asked_before_anything_is_added(client, topic):
    subscriber = Subscriber.objects.create(email="known@example.org", confirmed_at=timezone.now())
    sign_up(client, "known@example.org", follow=[f"topic:{topic.pk}"])
    run_worker()
    [message] = mail.outbox
    assert "asked to add" in message.body
    assert not subscriber.topics.exists()


def test_a_robot_filling_the_hidden_field_is_told_the_same_and_sent_nothing(client):
    response = sign_up(client, "bot@example.org", website="https://spam.example")
    assert response["Location"] == "/alerts/check-your-inbox/"
    run_worker()
    assert mail.outbox == []


def test_sign_ups_from_one_address_are_capped_per_hour(client, settings):
    settings.ALERTS_SIGNUPS_PER_HOUR = 3
    statuses = [sign_up(client, f"r{n}@example.org").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert "try again in an hour" in sign_up(client, "x@example.org").content.decode()
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_up(other, "y@example.org").status_code == 302


def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client):
    response = client.post("/alerts/", {"email": "not-an-address", "frequency": "daily"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert "Choose at least one thing" in page
    assert 'value="not-an-address"' in page
    assert 'value="daily" id="id_frequency_1" required checked' in page


def test_an_expired_or_broken_confirmation_link_says_so(client):
    sign_up(client, "reader@example.org")
    run_worker()
    confirm = link_to(mail.outbox[0], "confirm")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        expired = client.get(confirm)
    assert expired.status_code == 410 and b"This link has expired" in expired.content
    broken = client.get(confirm[:-6] + "xxxxx/")
    assert broken.status_code == 404 and b"This link does not work" in broken.content


def test_an_unconfirmed_address_is_forgotten_after_seven_days(client):
    sign_up(client, "reader@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        send_digests.call()
    assert not Subscriber.objects.filter(email="reader@example.org").exists()


def test_a_fresh_link_goes_only_to_a_subscribed_address_once_a_day(client):
    Subscriber.objects.create(email="known@example.org", confirmed_at=timezone.now())
    for email in ("known@example.org", "known@example.org", "stranger@example.org"):
        response = client.post("/alerts/new-link/", {"email": email})
        assert response["Location"] == "/alerts/check-your-inbox/"
    run_worker()
    [message] = mail.outbox
    assert message.to == ["known@example.org"]
    assert client.get(link_to(message, "preferences")).status_code == 200
