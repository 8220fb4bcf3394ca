"""The addresses of every kind of public page, for the tests that visit them all."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from alerts.models import Subscriber
from alerts.tokens import confirmation_token, subscriber_token
from articles.models import Article


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
