"""The read model of an article's page: what it refers to, kept as one document per article.

An article page shows, besides the article's own columns, its experts with their roles and
departments, its conferences, media links, topics and departments (with their press contacts),
and related news. Read through the ORM's prefetches, that was five queries and most of the
page's time (docs/performance.md); kept as one `ArticleFacts` row, it comes with the article in
the article's own query.

- `build(article)` makes the document of an article whose relations are prefetched
  (`ArticleQuerySet.detail_prefetches()`): data, not HTML — ids, names, slugs, dates.
- `rebuild(ids)` makes the documents of some articles anew. It runs when a change that touched
  them commits (articles/upkeep.py: the same notes the search index is rebuilt from), so a
  renamed expert, topic, conference or department is shown renamed on every article at once.
- `attach(article)` puts an article's facts where its page reads them: the relations' prefetch
  caches, as if prefetched. Without a document (not built yet) it prefetches them as before.

Related articles are chosen among published articles only (`published()`) when the document is
built, and read again through `published()` when shown: one withdrawn since is never shown.
"""

import datetime
import logging

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.dispatch import Signal

from . import upkeep
from .models import (
    Article,
    ArticleExpert,
    ArticleFacts,
    Conference,
    Department,
    Expert,
    MediaLink,
    PressContact,
    Topic,
)
from .publication import article_went_public

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
RELATED_SHOWN = 4

# Sent (sender=ArticleFacts) in the transaction that rewrote documents: what pages show changed.
facts_rebuilt = Signal()

EXPERT_FIELDS = ("id", "slug", "honorific", "given_name", "family_name", "name_order", "position")
CONFERENCE_FIELDS = ("id", "slug", "edition", "name", "city", "country")
CONTACT_FIELDS = ("id", "name", "role", "email", "phone")


def _fields(row, names):
    return {name: getattr(row, name) for name in names}


def _department(department):
    if department is None:
        return None
    contact = department.press_contact
    return {
        "id": department.pk,
        "name": department.name,
        "slug": department.slug,
        "press_contact": _fields(contact, CONTACT_FIELDS) if contact else None,
    }


def build(article, related_ids):
    """The document of `article` (its relations prefetched: `detail_prefetches()`)."""
    return {
        "experts": [
            {
                **_fields(role.expert, EXPERT_FIELDS),
                "role": role.role,
                "department": _department(role.expert.department),
            }
            for role in article.expert_roles.all()
        ],
        "conferences": [
            {
                **_fields(conference, CONFERENCE_FIELDS),
                "start_date": conference.start_date.isoformat(),
                "end_date": conference.end_date.isoformat(),
            }
            for conference in article.conferences.all()
        ],
        "media_links": [
            _fields(link, ("id", "url", "title", "kind", "provider"))
            for link in article.media_links.all()
        ],
        # taggit's prefetch has no order: the topics' own (by name).
        "topics": [
            _fields(topic, ("id", "name", "slug"))
            for topic in sorted(article.tags.all(), key=lambda topic: (topic.name, topic.pk))
        ],
        "departments": [_department(department) for department in article.departments.all()],
        "related": related_ids,
    }


def related_ids(article):
    """The ids of the articles shown as related to `article` (published ones only)."""
    return Article.objects.related_ids(article, RELATED_SHOWN)


def rebuild(ids):
    """Make the documents of the articles `ids` anew (a deleted article's went with it)."""
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        _rebuild_batch(ids[start : start + BATCH_SIZE])


def rebuild_all(articles=None):
    """Every article's document, or those of `articles` (a queryset); returns how many."""
    articles = Article.objects.all() if articles is None else articles
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    rebuild(ids)
    return len(ids)


def build_missing(using="default", **kwargs):
    """After migrations: the documents of the articles that have none yet (an upgrade from a
    release without them). Costs one query when none is missing."""
    tables = set(connection.introspection.table_names())
    if not {Article._meta.db_table, ArticleFacts._meta.db_table} <= tables:
        return  # migrated only part of the way
    missing = Article.objects.filter(facts__isnull=True)
    if missing.exists():
        logger.info("Built the read model of %d articles.", rebuild_all(missing))


def _rebuild_batch(ids):
    prefetches = Article.objects.detail_prefetches()
    articles = Article.objects.filter(pk__in=ids).only("pk").prefetch_related(*prefetches)
    documents = [
        ArticleFacts(article=article, data=build(article, related_ids(article)))
        for article in articles
    ]
    with transaction.atomic():
        ArticleFacts.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["data", "built_at"],
        )
        facts_rebuilt.send(sender=ArticleFacts)


def attach(article, live=False):
    """Put the facts of `article` into its relations' prefetch caches and return the ids of
    its related articles. From its document when it has one (loaded with the article:
    `ArticleQuerySet.with_facts()`) and `live` is false; else from the tables, through the
    same document, so that both ways show the same."""
    document = None if live else _loaded_document(article)
    if document is None:
        prefetch_related_objects([article], *Article.objects.detail_prefetches())
        document = build(article, related_ids(article))
    cache = article._prefetched_objects_cache = {}
    cache["expert_roles"] = [_expert_role(article, expert) for expert in document["experts"]]
    cache["conferences"] = [_conference(data) for data in document["conferences"]]
    cache["media_links"] = [MediaLink(article=article, **data) for data in document["media_links"]]
    cache["tags"] = [Topic(**data) for data in document["topics"]]
    cache["departments"] = [_department_row(data) for data in document["departments"]]
    return document["related"]


def _loaded_document(article):
    facts = article._state.fields_cache.get("facts")
    return facts.data if facts is not None else None


def _department_row(data):
    if data is None:
        return None
    contact = data["press_contact"]
    department = Department(id=data["id"], name=data["name"], slug=data["slug"])
    department.press_contact = PressContact(**contact) if contact else None
    return department


def _expert_role(article, data):
    expert = Expert(**{name: data[name] for name in EXPERT_FIELDS})
    expert.department = _department_row(data["department"])
    return ArticleExpert(article=article, expert=expert, role=data["role"])


def _conference(data):
    return Conference(
        **{name: data[name] for name in CONFERENCE_FIELDS},
        start_date=datetime.date.fromisoformat(data["start_date"]),
        end_date=datetime.date.fromisoformat(data["end_date"]),
    )


def related_reconsidered(sender, article, **kwargs):
    """A story that went public may now be among the related news of those it is related to
    (it is the newest of their candidates): their documents are rebuilt, once its links are
    committed too (they are saved after it). Rebuilt directly, not noted as touched: their own
    related news are not reconsidered in turn."""
    transaction.on_commit(lambda: rebuild(related_ids(article)), robust=True)


def connect():
    upkeep.keep(
        upkeep.Keeper(
            rebuild=rebuild,
            # Nothing of the article's own row: its links and the rows they name.
            article_fields=frozenset(),
            facet_fields=lambda kind: (*kind.indexed_fields, *kind.shown_fields),
            shows_departments_of_experts=True,
            shows_press_contacts=True,
        )
    )
    article_went_public.connect(related_reconsidered, dispatch_uid="facts-went-public")
