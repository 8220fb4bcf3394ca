"""Embargoes in the domain: a scheduled story with a press access time is open to approved
journalists (`visible_to_press()`) from that time, to the public (`published()`) only at its
publication time; the rule refuses a press access time that does not come first."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.support.admin_forms import admin_url, change_form, errors_of
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def embargoed():
    now = timezone.now()
    return ArticleFactory(
        title="Trial result",
        published_at=now + timedelta(days=3),
        press_access_at=now + timedelta(days=1),
    )


def press_titles():
    return set(Article.objects.visible_to_press().values_list("title", flat=True))


def public_titles():
    return set(Article.objects.published().values_list("title", flat=True))


def test_each_phase_of_an_embargo(embargoed):
    ArticleFactory(title="Public news")
    ArticleFactory(draft=True, title="Draft", press_access_at=timezone.now() - timedelta(days=1))
    assert press_titles() == {"Public news"}  # before press access
    assert not embargoed.is_embargoed
    with time_machine.travel(embargoed.press_access_at + timedelta(minutes=1)):
        assert press_titles() == {"Public news", "Trial result"}
        assert public_titles() == {"Public news"}
        assert list(Article.objects.embargoed()) == [embargoed]
        assert Article.objects.get(pk=embargoed.pk).is_embargoed
    with time_machine.travel(embargoed.published_at + timedelta(minutes=1)):
        assert public_titles() == press_titles() == {"Public news", "Trial result"}
        assert not Article.objects.embargoed().exists()


def test_a_withdrawn_story_is_open_to_nobody():
    ArticleFactory(withdrawn=True, press_access_at=timezone.now() - timedelta(days=2))
    assert press_titles() == set()


def test_the_press_access_time_must_come_first(editor):
    draft = ArticleFactory(draft=True)
    at = timezone.now() + timedelta(days=2)
    draft.press_access_at = at + timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        services.perform(draft, editor, "schedule", at=at)
    assert (
        "must come before the publication time" in refused.value.message_dict["press_access_at"][0]
    )
    draft.press_access_at = at - timedelta(days=1)
    services.perform(draft, editor, "schedule", at=at)
    assert Article.objects.get(pk=draft.pk).press_access_at == at - timedelta(days=1)


def test_the_database_refuses_the_wrong_order_too():
    article = ArticleFactory(scheduled=True)
    article.press_access_at = article.published_at
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_publishing_now_ends_an_embargo_that_had_not_opened(editor, embargoed):
    services.perform(embargoed, editor, "publish")
    embargoed.refresh_from_db()
    assert embargoed.is_published and embargoed.press_access_at is None


def test_the_form_says_the_embargo_plainly(editor_client, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    with timezone.override("Europe/Brussels"):
        article = ArticleFactory(
            published_at=timezone.make_aware(timezone.datetime(2099, 4, 23, 9, 0)),
            press_access_at=timezone.make_aware(timezone.datetime(2099, 4, 20, 10, 0)),
        )
        page = editor_client.get(admin_url(Article, "change", article.pk)).content.decode()
    assert "Embargoed: journalists from 20 April 10:00; public 23 April 09:00 (CEST)" in page


def test_a_wrong_order_in_the_form_is_a_message_not_an_error_page(editor_client):
    draft = ArticleFactory(draft=True)
    data = change_form(
        draft,
        published_at_0="2099-04-23",
        published_at_1="09:00",
        press_access_at_0="2099-04-24",
        press_access_at_1="09:00",
    )
    response = editor_client.post(admin_url(Article, "change", draft.pk), data)
    assert response.status_code == 200
    messages = [message for field in errors_of(response).values() for message in field]
    assert any("press access time must come before the publication time" in m for m in messages)
    assert Article.objects.get(pk=draft.pk).press_access_at is None


def test_contributors_cannot_set_a_press_access_time(contributor_client, contributor):
    draft = ArticleFactory(draft=True, created_by=contributor)
    data = change_form(draft, press_access_at_0="2099-04-20", press_access_at_1="10:00")
    contributor_client.post(admin_url(Article, "change", draft.pk), data)
    assert Article.objects.get(pk=draft.pk).press_access_at is None
