"""One publication event per going-public, however the article goes public
(articles/publication.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import publication, services
from articles.models import Announcement, Article
from articles.publication import announce_when_due, article_left_public, article_went_public
from tests.support.factories import ArticleFactory
from tests.support.tasks import run_worker, waiting

ANNOUNCE_TASK = "articles.publication.announce_when_due"
pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """What was announced: ("public", id) and ("left", id), in order."""
    heard = []

    def went(sender, article, **kwargs):
        heard.append(("public", article.pk))

    def left(sender, article, **kwargs):
        heard.append(("left", article.pk))

    article_went_public.connect(went)
    article_left_public.connect(left)
    yield heard
    article_went_public.disconnect(went)
    article_left_public.disconnect(left)


@pytest.fixture
def editor_user(editor):
    return editor


def draft(**fields):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **fields)


def test_publishing_now_emits_once_and_an_edit_emits_nothing(events, editor_user):
    article = draft()
    services.publish(article, editor_user)
    assert events == [("public", article.pk)]
    article.title = "A corrected headline"
    article.save()
    services.set_featured(article, editor_user, True)
    assert events == [("public", article.pk)]
    assert Announcement.objects.get(article=article).public_at == article.published_at


def test_withdrawal_and_republication_emit_again(events, editor_user):
    article = draft()
    services.publish(article, editor_user)
    services.withdraw(article, editor_user)
    services.publish(article, editor_user)
    assert events == [("public", article.pk), ("left", article.pk), ("public", article.pk)]


def test_saved_in_code_emits(events):
    article = ArticleFactory()  # published now, as a shell or an import would save it
    assert events == [("public", article.pk)]


def test_a_copy_opened_before_it_went_public_does_not_announce_it_again(events):
    article = draft()
    stale = Article.objects.get(pk=article.pk)
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    stale.status, stale.published_at = Article.Status.PUBLISHED, article.published_at
    stale.save()
    assert events == [("public", article.pk)]


def test_bulk_publishing_emits_one_event_per_article(events, editor_client):
    articles = [
        ArticleFactory(status=Article.Status.IN_REVIEW, published_at=timezone.now())
        for _ in range(3)
    ]
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [a.pk for a in articles]},
    )
    assert response.status_code == 302
    assert sorted(events) == sorted(("public", a.pk) for a in articles)


def test_a_fixture_loaded_as_published_emits(events, tmp_path):
    source = ArticleFactory(status=Article.Status.DRAFT, published_at=None).source
    fixture = tmp_path / "news.json"
    fixture.write_text(
        '[{"model": "articles.article", "pk": 9001, "fields": {'
        '"title": "Loaded", "slug": "loaded", "summary": "S", "body": "<p>B</p>",'
        f'"status": "published", "published_at": "2024-04-23T09:00:00Z", "source": {source.pk},'
        '"created_at": "2024-04-23T09:00:00Z", "updated_at": "2024-04-23T09:00:00Z",'
        '"edit_token": "8f2b6a36-0f5e-4d5e-9a51-1f1f2a3b4c5d"}}]'
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert events == [("public", 9001)]


def test_a_scheduled_article_is_announced_by_the_worker_at_its_time(events):
    moment = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(published_at=moment)
    assert events == []
    [task] = waiting(ANNOUNCE_TASK)
    assert task.run_after == moment
    run_worker()
    assert events == []  # not due yet
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        run_worker()
    assert events == [("public", article.pk)]


def test_running_the_task_twice_announces_once(events):
    moment = timezone.now() + timedelta(hours=1)
    article = ArticleFactory(published_at=moment)
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        announce_when_due.call(article.pk, moment.isoformat())
        announce_when_due.call(article.pk, moment.isoformat())
        run_worker()
    assert events == [("public", article.pk)]


def test_rescheduled_withdrawn_or_deleted_articles_fire_nothing_at_the_old_time(events, editor):
    first, later = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=5)
    rescheduled = ArticleFactory(published_at=first)
    rescheduled.published_at = later
    rescheduled.save()
    withdrawn = ArticleFactory(published_at=first)
    services.withdraw(withdrawn, editor)
    deleted = ArticleFactory(published_at=first)
    deleted.delete()
    with time_machine.travel(first + timedelta(minutes=1), tick=False):
        run_worker()
    assert events == []
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        run_worker()
    assert events == [("public", rescheduled.pk)]


def test_an_edit_of_a_scheduled_article_enqueues_no_second_task():
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    article.title = "Retitled"
    article.save()
    assert len(waiting(ANNOUNCE_TASK)) == 1


def test_deleting_a_public_article_says_it_left_the_public(events):
    article = ArticleFactory()
    pk = article.pk
    article.delete()
    assert events == [("public", pk), ("left", pk)]


def test_a_failing_task_retries_later_and_its_failure_is_recorded(monkeypatch):
    moment = timezone.now() + timedelta(minutes=5)
    article = ArticleFactory(published_at=moment)

    def broken(article):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(publication, "announce", broken)
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        run_worker()
        assert DBTaskResult.objects.filter(task_path=ANNOUNCE_TASK, status="FAILED").count() == 1
        [retry] = waiting(ANNOUNCE_TASK)
        assert retry.run_after == timezone.now() + timedelta(seconds=30)
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    monkeypatch.undo()
    with time_machine.travel(moment + timedelta(seconds=40), tick=False):
        run_worker()
    assert Announcement.objects.filter(article=article).exists()


def test_the_worker_runs_with_editors_able_to_see_failed_tasks(editor_client):
    response = editor_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert response.status_code == 200
