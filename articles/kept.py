"""Named documents kept beside the news lists (the `Highlights` table): the home page's side
lists (articles/highlights.py) and the marks of the news list's deep pages
(articles/page_marks.py). Each is built from `published()` articles and holds until the next
scheduled article goes public, when its reader rebuilds it."""

import datetime

from django.db import connection
from django.utils import timezone

from .caching import next_publication_at
from .models import Article, Highlights


def read(name):
    """The document kept under `name`, or None."""
    return Highlights.objects.filter(name=name).values_list("data", flat=True).first()


def keep(name, data):
    """Store `data` under `name`, replacing what was kept."""
    Highlights.objects.bulk_create(
        [Highlights(name=name, data=data)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["data", "built_at"],
    )


def until_next_publication():
    """{"until": when the next scheduled article goes public}, to keep in a document built
    from the public articles now: it no longer holds from then."""
    next_at = next_publication_at()
    return {"until": next_at.isoformat() if next_at else None}


def has_expired(data):
    until = data.get("until")
    return until is not None and timezone.now() >= datetime.datetime.fromisoformat(until)


def build_missing(name, rebuild):
    """After migrations: the document of a site with published news that has none (an upgrade
    from a release without it). A new, empty site gets its own with its first change."""
    if Highlights._meta.db_table not in connection.introspection.table_names():
        return  # migrated only part of the way
    if read(name) is None and Article.objects.published().exists():
        rebuild()
