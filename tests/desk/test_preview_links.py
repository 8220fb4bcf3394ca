"""Share a preview for approval: a signed, unguessable link that shows the current draft to
whoever holds it, without an account; it expires, can be revoked, is never indexed or cached,
leads to the public page once the story is public and nowhere after a withdrawal."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from desk.models import PreviewLink
from tests.support.admin_forms import admin_url
from tests.support.factories import ArticleExpertFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def share_url(article):
    return reverse("admin:articles_article_share", args=[article.pk])


def share(client, article, days=7):
    response = client.post(share_url(article), {"days": days})
    assert response.status_code == 302
    return PreviewLink.objects.filter(article=article).first()


@pytest.fixture
def draft(editor):
    article = ArticleFactory(draft=True, title="Trial results await the expert's approval")
    ArticleExpertFactory(article=article)
    return article


def test_the_link_shows_the_draft_to_anyone_with_a_banner(editor_client, draft):
    link = share(editor_client, draft)
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft — not public" in page and draft.title.replace("'", "&#x27;") in page
    assert "Back to editing" not in page  # nothing of the admin for an outside reader
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'rel="canonical"' not in page
    assert "application/ld+json" not in page.split("</head>")[0] or "NewsArticle" not in page


def test_the_answer_is_never_indexed_stored_or_given_as_a_referrer(editor_client, draft):
    link = share(editor_client, draft)
    response = Client().get(link.get_absolute_url())
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_page_cache_never_keeps_it(editor_client, draft, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    link = share(editor_client, draft)
    cache.clear()
    Client().get(link.get_absolute_url())
    link.revoke(None)
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_it_expires_after_the_days_chosen(editor_client, draft):
    link = share(editor_client, draft, days=3)
    assert link.expires_at - link.created_at == timedelta(days=3)
    with time_machine.travel(link.expires_at - timedelta(minutes=1)):
        assert Client().get(link.get_absolute_url()).status_code == 200
    with time_machine.travel(link.expires_at + timedelta(seconds=1)):
        response = Client().get(link.get_absolute_url())
    assert response.status_code == 404
    assert "This preview is not available" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_default_is_seven_days_and_a_bad_choice_makes_nothing(editor_client, draft):
    assert share(editor_client, draft).expires_at - timezone.now() > timedelta(days=6, hours=23)
    PreviewLink.objects.all().delete()
    response = editor_client.post(share_url(draft), {"days": "365"}, follow=True)
    assert "Choose how long the link stays valid." in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_the_form_lists_live_links_with_who_made_them_and_revokes_one(editor_client, draft):
    response = editor_client.post(share_url(draft), {"days": 7}, follow=True)
    link = PreviewLink.objects.get(article=draft)
    expected = f"valid until {services.when(link.expires_at)}: http://testserver/preview/"
    assert expected in response.content.decode()
    form = editor_client.get(admin_url(Article, "change", draft.pk)).content.decode()
    assert f"http://testserver{link.get_absolute_url()}" in form
    assert "Editor" in form or "editor" in form
    revoke = reverse("admin:articles_article_revoke_share", args=[draft.pk, link.pk])
    response = editor_client.post(revoke, follow=True)
    assert "Preview link revoked" in response.content.decode()
    assert Client().get(link.get_absolute_url()).status_code == 404
    form = editor_client.get(admin_url(Article, "change", draft.pk)).content.decode()
    assert link.get_absolute_url() not in form and "No live preview links." in form


def test_a_tampered_or_guessed_link_shows_nothing(editor_client, draft):
    link = share(editor_client, draft)
    token = link.token
    guessed = PreviewLink(pk=link.pk).token  # the right number, another key
    for bad in (token[:-2] + "xx", guessed, "1:abc", "not-a-token"):
        assert Client().get(f"/preview/{bad}/").status_code == 404, bad


def test_once_public_the_link_leads_to_the_public_page(editor_client, editor, draft):
    link = share(editor_client, draft)
    services.perform(draft, editor, "publish")
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_after_a_withdrawal_it_leads_nowhere(editor_client, editor, draft):
    link = share(editor_client, draft)
    services.perform(draft, editor, "publish")
    services.perform(draft, editor, "withdraw")
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_a_public_article_is_not_shared(editor_client):
    public = ArticleFactory()
    response = editor_client.post(share_url(public), {"days": 7}, follow=True)
    assert "Only an unpublished article is shared" in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_only_staff_who_may_change_the_article_share_it(client, contributor, draft):
    client.force_login(contributor)  # not their article
    response = client.post(share_url(draft), {"days": 7})
    assert response.status_code == 404
    assert not PreviewLink.objects.exists()
    response = Client().post(share_url(draft), {"days": 7})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_draft_stays_out_of_feeds_sitemaps_and_search(editor_client, draft):
    share(editor_client, draft)
    for url in ("/feeds/news.rss", "/sitemap-articles.xml", "/search/?q=approval"):
        answer = Client().get(url)
        assert draft.slug not in answer.content.decode(), url


def test_the_preview_runs_the_same_queries_for_a_small_or_a_full_story(editor_client, draft):
    link = share(editor_client, draft)
    with CaptureQueriesContext(connection) as few:
        Client().get(link.get_absolute_url())
    for _ in range(4):
        ArticleExpertFactory(article=draft)
    draft.tags.add("CAR-T", "Myeloma", "Lymphoma")
    with CaptureQueriesContext(connection) as many:
        Client().get(link.get_absolute_url())
    assert len(many) == len(few)
