"""The addresses of every kind of public page, for the tests that visit them all."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from alerts.models import Subscriber
from alerts.tokens import confirmation_token, subscriber_token
from articles.models import Article
from desk.models import PreviewLink


def page_urls(article, topic_slug, search="CAR-T"):
    """One address for every kind of public page, around one published article. Query values
    are encoded: a name may hold any character."""
    expert = article.expert_roles.first().expert
    return [
        "/",
        "/news/",
        article.get_absolute_url(),
        f"/news/{article.published_at:%Y}/",
        f"/news/{article.published_at:%Y/%m}/",
        "/experts/",
        f"/experts/?{urlencode({'letter': expert.initial})}",
        f"/experts/?{urlencode({'department': expert.department.slug})}",
        expert.get_absolute_url(),
        "/conferences/",
        article.conferences.get().get_absolute_url(),
        "/departments/",
        expert.department.get_absolute_url(),
        "/topics/",
        reverse("articles:topic-detail", args=[topic_slug]),
        f"/search/?{urlencode({'q': search})}",
        "/search/",
    ]


def public_urls():
    return page_urls(Article.objects.published().get(slug__contains="car-t"), "car-t")


def alert_page_urls(topic_slug):
    """Every page of email alerts, the signed ones for a subscriber made here."""
    reader, _ = Subscriber.objects.get_or_create(
        email="reader@example.org", defaults={"confirmed_at": timezone.now()}
    )
    link = subscriber_token(reader)
    confirm = confirmation_token("reader@example.org", ["all"], "daily")
    return [
        f"/alerts/?{urlencode({'topic': topic_slug})}",
        "/alerts/check-your-inbox/",
        "/alerts/new-link/",
        f"/alerts/confirm/{confirm}/",
        f"/alerts/preferences/{link}/",
        f"/alerts/preferences/{link}/delete/",
        f"/alerts/unsubscribe/{link}/",
        "/alerts/preferences/not-a-link/",
    ]


def preview_page_urls(article):
    """The shared preview of `article` (made a draft for it: an expert approving the text), and
    the page an expired or revoked link leads to."""
    draft = Article.objects.get(pk=article.pk)
    draft.pk, draft.slug, draft.status = None, f"{article.slug}-draft", Article.Status.DRAFT
    draft.title = f"{article.title} (draft)"
    draft.save()
    for role in article.expert_roles.all():
        draft.expert_roles.create(expert=role.expert, role=role.role, order=role.order)
    draft.tags.add(*article.tags.all())
    link = PreviewLink.create_for(draft, None)
    return [link.get_absolute_url(), "/preview/0.expired:link/"]


def cached_pages():
    """The pages the page cache keeps (local-memory cache in tests): one per address, by its
    plain entry (its entry for clients that take gzip is kept beside it)."""
    return [key for key in cache._cache if "newsroom:page:" in key and not key.endswith(":gzip")]
