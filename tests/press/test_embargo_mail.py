"""Emails of embargoes, through the task worker: the opted-in approved journalists when a story
opens to them (once), and those who opened it when its embargo moves, lifts or is called off."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from articles import services
from press.models import Journalist
from tests.support.factories import ArticleFactory, JournalistFactory
from tests.support.tasks import run_worker

pytestmark = pytest.mark.django_db


def journalist(name, wants=True, status=Journalist.Status.APPROVED):
    return JournalistFactory(
        name=name,
        user__username=f"{name.lower()}@example.org",
        status=status,
        wants_embargo_alerts=wants,
    )


def to(name):
    return [m for m in mail.outbox if m.to == [f"{name.lower()}@example.org"]]


def test_the_opted_in_are_told_once_when_the_story_opens(editor):
    journalist("Maya")
    journalist("Quiet", wants=False)
    journalist("Waiting", status=Journalist.Status.PENDING)
    now = timezone.now()
    article = ArticleFactory(
        title="Valve trial",
        published_at=now + timedelta(days=2),
        press_access_at=now + timedelta(hours=3),
    )
    run_worker()
    assert mail.outbox == []  # not open yet
    with time_machine.travel(article.press_access_at + timedelta(seconds=5), tick=False):
        run_worker()
        run_worker()
    [message] = mail.outbox
    assert message.to == ["maya@example.org"]
    assert message.subject.startswith("Under embargo until ") and "Valve trial" in message.subject
    assert f"/press/stories/{article.pk}/" in message.body


def test_a_story_opened_at_once_is_told_at_once(editor):
    journalist("Maya")
    now = timezone.now()
    ArticleFactory(published_at=now + timedelta(days=1), press_access_at=now - timedelta(minutes=1))
    run_worker()
    assert len(to("Maya")) == 1


def test_those_who_opened_it_are_told_when_the_embargo_moves(editor):
    maya = journalist("Maya")
    journalist("Other", wants=False)  # never opened the story
    now = timezone.now()
    article = ArticleFactory(
        title="Valve trial",
        published_at=now + timedelta(days=2),
        press_access_at=now - timedelta(hours=1),
    )
    reader = Client()
    reader.force_login(maya.user)
    reader.get(f"/press/stories/{article.pk}/")
    run_worker()
    mail.outbox.clear()
    later = now + timedelta(days=4)
    services.perform(article, editor, "schedule", at=later)
    run_worker()
    [message] = mail.outbox
    assert message.to == ["maya@example.org"]
    assert message.subject.startswith("Embargo changed: now until ")
    services.perform(article, editor, "publish")
    run_worker()
    assert mail.outbox[-1].subject == "Embargo lifted, public now: Valve trial"
    assert not to("Other")
