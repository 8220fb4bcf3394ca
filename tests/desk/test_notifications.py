"""Who is told by email where a story stands, sent by the task worker: editors when a story is
submitted for review; its author when it is returned, published, or went public as scheduled."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.support.factories import ArticleFactory, UserFactory
from tests.support.smtp import SmtpServer
from tests.support.tasks import run_worker

pytestmark = pytest.mark.django_db


def staff(username, group, **fields):
    user = UserFactory(
        username=username, is_staff=True, email=f"{username}@hospital.example", **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def desk_staff():
    return {
        "author": staff("amara", "Contributors", first_name="Amara", last_name="Okafor"),
        "editor": staff("lee", "Editors", first_name="Lee", last_name="Chen"),
        "second_editor": staff("sam", "Editors"),
        "chief": staff("chief", None, is_superuser=True),
        "away": staff("away", "Editors", is_active=False),
        "other_writer": staff("writer", "Contributors"),
    }


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_editors_are_told_when_a_story_is_submitted(desk_staff, settings):
    settings.SITE_URL = "https://news.hospital.example"
    article = ArticleFactory(draft=True, title="Stroke unit opens", created_by=desk_staff["author"])
    services.perform(article, desk_staff["author"], "submit")
    assert mail.outbox == []  # not in the request: the worker sends it
    run_worker()
    [message] = mail.outbox
    assert message.subject == "For review: Stroke unit opens"
    assert sorted(message.to) == [
        "chief@hospital.example",
        "lee@hospital.example",
        "sam@hospital.example",
    ]
    assert "Amara Okafor submitted a story for review" in message.body
    assert f"https://news.hospital.example/admin/articles/article/{article.pk}/change/" in (
        message.body
    )


def test_an_editor_who_submits_is_not_told_of_their_own_submission(desk_staff):
    article = ArticleFactory(draft=True)
    services.perform(article, desk_staff["editor"], "submit")
    run_worker()
    [message] = mail.outbox
    assert "lee@hospital.example" not in message.to


def test_a_story_taken_out_of_review_before_the_worker_comes_tells_nobody(desk_staff):
    article = ArticleFactory(draft=True, created_by=desk_staff["author"])
    services.perform(article, desk_staff["author"], "submit")
    services.perform(article, desk_staff["editor"], "return", note="Not this week.")
    run_worker()
    assert [m.subject for m in mail.outbox] == [f"Returned to you: {article.title}"]


def test_the_author_is_told_of_a_return_with_the_note(desk_staff):
    article = ArticleFactory(in_review=True, created_by=desk_staff["author"], title="Sepsis study")
    services.perform(article, desk_staff["editor"], "return", note="Name the trial's sponsor.")
    run_worker()
    [message] = sent_to("amara@hospital.example")
    assert message.subject == "Returned to you: Sepsis study"
    assert "Lee Chen returned your story to you" in message.body
    assert "Name the trial's sponsor." in message.body


def test_the_author_is_told_when_an_editor_publishes_their_story(desk_staff, settings):
    settings.SITE_URL = "https://news.hospital.example"
    article = ArticleFactory(in_review=True, created_by=desk_staff["author"], title="New MRI")
    services.perform(article, desk_staff["editor"], "publish")
    run_worker()
    [message] = sent_to("amara@hospital.example")
    assert message.subject == "Published: New MRI"
    assert f"https://news.hospital.example{article.get_absolute_url()}" in message.body


def test_nobody_is_told_of_what_they_published_themselves(desk_staff):
    article = ArticleFactory(draft=True, created_by=desk_staff["editor"])
    services.perform(article, desk_staff["editor"], "publish")
    run_worker()
    assert mail.outbox == []


def test_the_author_is_told_when_their_scheduled_story_went_public(desk_staff):
    moment = timezone.now() + timedelta(hours=3)
    article = ArticleFactory(draft=True, created_by=desk_staff["editor"], title="Night clinic")
    services.perform(article, desk_staff["editor"], "schedule", at=moment)
    run_worker()
    assert mail.outbox == []
    with time_machine.travel(moment + timedelta(seconds=5), tick=False):
        run_worker()
    [message] = sent_to("lee@hospital.example")
    assert message.subject == "Now public, as scheduled: Night clinic"
    assert "went public on" in message.body


def test_no_email_for_an_author_without_an_address_or_account(desk_staff):
    author = desk_staff["other_writer"]
    author.email = ""
    author.save()
    article = ArticleFactory(in_review=True, created_by=author)
    services.perform(article, desk_staff["editor"], "return", note="Shorter, please.")
    removed = ArticleFactory(in_review=True, created_by=None)
    services.perform(removed, desk_staff["editor"], "return", note="Shorter, please.")
    run_worker()
    assert mail.outbox == []


def test_the_emails_go_through_a_real_mail_server(desk_staff, settings):
    with SmtpServer() as server:
        server.use_in(settings)
        article = ArticleFactory(draft=True, created_by=desk_staff["author"], title="Burns unit")
        services.perform(article, desk_staff["author"], "submit")
        run_worker()
        services.perform(Article.objects.get(pk=article.pk), desk_staff["editor"], "publish")
        run_worker()
    subjects = sorted(message["Subject"] for message in server.inbox.messages)
    assert subjects == ["For review: Burns unit", "Published: Burns unit"]
    published = next(m for m in server.inbox.messages if m["Subject"].startswith("Published"))
    assert published["To"] == "amara@hospital.example"
    assert "Burns unit" in published.get_content()
