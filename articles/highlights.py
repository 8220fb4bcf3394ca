"""What the home page shows beside the news, kept as one document: the topics and experts the
latest published articles use most, and the latest conferences with published news.

Read from their tables, those three lists were most of the home page's database time on every
request (docs/performance.md); kept, the page reads one row for them. The document is rebuilt
when a change that touched any article, or a name it shows, commits (articles/upkeep.py, as the
article pages' read model is), and whenever it is read after a scheduled article went public
since it was built (the time is kept in it), so it never waits for a worker. Until the first
change after an install commits, it is read from the tables on every request, as before.

Everything in it is chosen among `published()` articles when it is built: a story withdrawn or
taken back to draft takes its topics and experts off the home page when that change commits.
"""

from django.db import transaction

from . import kept, upkeep
from .documents import (
    TOPIC_FIELDS,
    conference_data,
    conference_row,
    expert_data,
    expert_row,
    fields,
)
from .facts import facts_rebuilt
from .models import Article, Conference, Expert, Highlights, Topic

HOME = "home"
TOPICS_SHOWN = 12
EXPERTS_SHOWN = 6
CONFERENCES_SHOWN = 4


def build():
    """The home page's document, read from the tables now."""
    recent = Article.objects.latest_ids()  # the same cost on any archive
    experts = Expert.objects.most_used_by(recent).select_related("department__press_contact")
    return {
        "topics": [
            fields(topic, TOPIC_FIELDS)
            for topic in Topic.objects.most_used_by(recent)[:TOPICS_SHOWN]
        ],
        "experts": [expert_data(expert) for expert in experts[:EXPERTS_SHOWN]],
        "conferences": [
            conference_data(conference)
            for conference in Conference.objects.having_published_articles()[:CONFERENCES_SHOWN]
        ],
        **kept.until_next_publication(),
    }


def rebuild(ids=()):
    """Build and keep the home page's document (`ids`, the articles a change touched, are not
    needed: any of them may move the lists). Returns the document."""
    data = build()
    with transaction.atomic():
        kept.keep(HOME, data)
        # Pages cached since the change that asked for this showed the lists before it.
        facts_rebuilt.send(sender=Highlights)
    return data


def home():
    """{"topics": [Topic], "experts": [Expert], "conferences": [Conference]} for the home page,
    as unsaved rows carrying what the page shows (one query while the kept document holds)."""
    data = kept.read(HOME)
    if data is None:
        data = build()  # nothing committed since the install: read, kept by the next change
    elif kept.has_expired(data):
        data = rebuild()
    return {
        "topics": [Topic(**topic) for topic in data["topics"]],
        "experts": [expert_row(expert) for expert in data["experts"]],
        "conferences": [conference_row(conference) for conference in data["conferences"]],
    }


def build_after_migrate(using="default", **kwargs):
    kept.build_missing(HOME, rebuild)


def connect():
    upkeep.keep(
        upkeep.Keeper(
            rebuild=rebuild,
            # What decides whether an article is among the latest published ones.
            article_fields=frozenset({"status", "published_at"}),
            facet_fields=upkeep.shown_on_pages,
            shows_departments_of_experts=True,
        )
    )
