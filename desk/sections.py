"""The desk's sections: what awaits review, what is scheduled, my drafts, what went public and
what was withdrawn lately. Each is a count and a short list; all of them together cost the same
few queries whatever the archive (one for the counts, one per list, one for the notes)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ReviewNote
from articles.services import can_publish

SHORT_LIST = 5
LATELY = timedelta(days=30)
State = Article.State


@dataclass
class Section:
    key: str
    title: str
    empty: str
    count: int
    articles: list
    list_url: str


def visible_to(user):
    """Editors see the whole desk; a contributor sees their own items only."""
    articles = Article.objects.all()
    return articles if can_publish(user) else articles.filter(created_by=user)


def section_filters(user):
    """(key, title, when empty, which articles, their order, the article list's filter)."""
    now = timezone.now()
    return [
        (
            "review",
            "Awaiting review",
            "Nothing is waiting for review.",
            Q(status=Article.Status.IN_REVIEW),
            ["submitted_at", "pk"],
            {"state": State.IN_REVIEW},
        ),
        (
            "scheduled",
            "Scheduled",
            "Nothing is scheduled.",
            Q(status=Article.Status.PUBLISHED, published_at__gt=now),
            ["published_at", "pk"],
            {"state": State.SCHEDULED},
        ),
        (
            "drafts",
            "My drafts",
            "You have no drafts.",
            Q(status=Article.Status.DRAFT, created_by=user),
            ["-updated_at", "-pk"],
            {"state": State.DRAFT, "created_by__id__exact": user.pk},
        ),
        (
            "published",
            "Recently published",
            "Nothing went public in the last 30 days.",
            Q(status=Article.Status.PUBLISHED, published_at__lte=now)
            & Q(first_published_at__gte=now - LATELY),
            ["-first_published_at", "-pk"],
            {"state": State.PUBLISHED},
        ),
        (
            "withdrawn",
            "Withdrawn lately",
            "Nothing was withdrawn in the last 30 days.",
            Q(status=Article.Status.WITHDRAWN, withdrawn_at__gte=now - LATELY),
            ["-withdrawn_at", "-pk"],
            {"state": State.WITHDRAWN},
        ),
    ]


def desk_sections(user):
    articles = visible_to(user)
    filters = section_filters(user)
    counts = articles.aggregate(
        **{key: Count("pk", filter=condition) for key, _, _, condition, _, _ in filters}
    )
    notes = Prefetch(
        "review_notes", queryset=ReviewNote.objects.select_related("written_by"), to_attr="notes"
    )
    sections = []
    for key, title, empty, condition, order, list_filter in filters:
        rows = articles.filter(condition).order_by(*order).defer("body")
        rows = rows.select_related("submitted_by", "created_by", "source")
        if key == "drafts":
            rows = rows.prefetch_related(notes)
        sections.append(
            Section(key, title, empty, counts[key], list(rows[:SHORT_LIST]), list_url(list_filter))
        )
    return sections


def list_url(params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{reverse('admin:articles_article_changelist')}?{query}"
