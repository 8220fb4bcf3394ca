"""Migrations are code too: topics moved from taggit's tables to the newsroom's own keep every
tag, link and revision, and going back gives taggit its rows again."""

from datetime import timedelta

import pytest
from django.core import serializers
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import revisions
from articles.models import Article, ArticleTopic, Department, Topic
from tests.support.factories import UserFactory

# Migrating back and forth needs real transactions (SQLite alters tables outside of them).
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_TOPICS = [("articles", "0010_search_facets"), ("search", None)]


def migrate(targets):
    """Migrate to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    targeted = {app for app, _ in targets}
    nodes = [(app, name) for app, name in targets if name is not None]
    # The other apps as they are now: those still applied (an app that depends on a later
    # migration of a targeted one was unapplied with it).
    applied = executor.loader.applied_migrations
    nodes += [
        leaf
        for leaf in executor.loader.graph.leaf_nodes()
        if leaf[0] not in targeted and leaf in applied
    ]
    return executor.loader.project_state(nodes).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def tagged_before_topics():
    """Under the schema of 0010: an article with two taggit tags, a tag on another model, and a
    revision of the article holding its tag links (as django-reversion saved it then)."""
    old = migrate(BEFORE_TOPICS)
    ContentType = old.get_model("contenttypes", "ContentType")
    Tag, TaggedItem = old.get_model("taggit", "Tag"), old.get_model("taggit", "TaggedItem")
    Revision, Version = (
        old.get_model("reversion", "Revision"),
        old.get_model("reversion", "Version"),
    )
    source = old.get_model("articles", "Source").objects.create(name="Riverside")
    article = old.get_model("articles", "Article").objects.create(
        title="CAR-T results", slug="car-t-results", summary="New results.", source=source
    )
    article_type = ContentType.objects.get_or_create(app_label="articles", model="article")[0]
    source_type = ContentType.objects.get_or_create(app_label="articles", model="source")[0]
    tags = [
        Tag.objects.create(name=name, slug=slug)
        for name, slug in (("CAR-T", "car-t"), ("骨髓移植", "骨髓移植"))
    ]
    links = [
        TaggedItem.objects.create(tag=tag, content_type=article_type, object_id=article.pk)
        for tag in tags
    ]
    other = TaggedItem.objects.create(tag=tags[0], content_type=source_type, object_id=source.pk)
    revision = Revision.objects.create(comment="Saved in the admin", date_created=timezone.now())
    tag_link_type = ContentType.objects.get_or_create(app_label="taggit", model="taggeditem")[0]
    for model_type, row in [(article_type, article), *((tag_link_type, link) for link in links)]:
        Version.objects.create(
            revision=revision,
            object_id=str(row.pk),
            content_type=model_type,
            db="default",
            format="json",
            serialized_data=serializers.serialize("json", [row]),
            object_repr=str(row),
        )
    yield {
        "article": article.pk,
        "tags": [(t.pk, t.name, t.slug) for t in tags],
        "links": [link.pk for link in links],
        "other": other.pk,
    }
    migrate(latest())


def test_every_tag_and_link_becomes_a_topic_with_its_id(tagged_before_topics):
    migrate(latest())
    before = tagged_before_topics
    assert list(Topic.objects.order_by("pk").values_list("pk", "name", "slug")) == before["tags"]
    article = Article.objects.get(pk=before["article"])
    assert sorted(article.tags.names()) == ["CAR-T", "骨髓移植"]
    assert sorted(ArticleTopic.objects.values_list("pk", flat=True)) == before["links"]
    assert Article.objects.filter(tags__slug="骨髓移植").get() == article
    assert Topic.objects.create(name="New topic").pk > max(pk for pk, _, _ in before["tags"])


def test_an_old_revision_still_restores_its_topics(tagged_before_topics):
    migrate(latest())
    article = Article.objects.get(pk=tagged_before_topics["article"])
    article.tags.set(["Something else"])
    (version,) = revisions.history(article)
    revisions.restore_revision(version, UserFactory())
    assert sorted(article.tags.names()) == ["CAR-T", "骨髓移植"]


def test_tags_of_other_models_stay_with_taggit(tagged_before_topics):
    new = migrate(latest())
    TaggedItem = new.get_model("taggit", "TaggedItem")
    assert list(TaggedItem.objects.values_list("pk", flat=True)) == [tagged_before_topics["other"]]
    assert list(new.get_model("taggit", "Tag").objects.values_list("name", flat=True)) == ["CAR-T"]


def test_going_back_gives_taggit_every_topic_and_link(tagged_before_topics):
    migrate(latest())
    old = migrate(BEFORE_TOPICS)
    Tag, TaggedItem = old.get_model("taggit", "Tag"), old.get_model("taggit", "TaggedItem")
    assert (
        list(Tag.objects.order_by("pk").values_list("pk", "name", "slug"))
        == tagged_before_topics["tags"]
    )
    linked = TaggedItem.objects.filter(
        object_id=tagged_before_topics["article"], content_type__model="article"
    )
    assert sorted(linked.values_list("pk", flat=True)) == tagged_before_topics["links"]


def test_facets_with_an_empty_or_invalid_slug_are_given_one():
    old = migrate([("articles", "0014_department_links_model")])
    OldTopic, OldDepartment = (
        old.get_model("articles", "Topic"),
        old.get_model("articles", "Department"),
    )
    broken = OldTopic.objects.create(name="!!!", slug="")
    kept = OldTopic.objects.create(name="骨髓移植", slug="骨髓移植")
    chinese = OldDepartment.objects.create(name="血液科", slug="")
    spaced = OldDepartment.objects.create(name="Bone marrow", slug="bone marrow")
    migrate(latest())
    assert Topic.objects.get(pk=broken.pk).slug == "topic"
    assert Topic.objects.get(pk=kept.pk).slug == "骨髓移植"
    assert Department.objects.get(pk=chinese.pk).slug == "department"
    assert Department.objects.get(pk=spaced.pk).slug == "bone-marrow"
    for facet in [*Topic.objects.all(), *Department.objects.all()]:
        assert facet.get_absolute_url()


def test_the_desk_migration_fills_submissions_and_updates_from_what_was_known():
    old = migrate([("articles", "0018_press_office_roles")])
    OldArticle = old.get_model("articles", "Article")
    source = old.get_model("articles", "Source").objects.create(name="Riverside")
    writer = old.get_model("auth", "User").objects.create(username="writer")
    now = timezone.now()
    complete = {"summary": "S.", "body": "<p>B.</p>", "source": source}

    def article(slug, **fields):
        return OldArticle.objects.create(title=slug, slug=slug, **fields)

    waiting = article("waiting", status="in_review", updated_by=writer)
    back_dated = article(
        "back-dated",
        status="published",
        published_at=now - timedelta(days=400),
        first_published_at=now,
        **complete,
    )
    edited = article(
        "edited",
        status="published",
        published_at=now - timedelta(days=3),
        first_published_at=now - timedelta(days=3),
        **complete,
    )
    # auto_now set every updated_at to now: the edited one was changed long after it went public.
    OldArticle.objects.filter(pk=back_dated.pk).update(updated_at=now + timedelta(minutes=5))
    migrate(latest())
    waiting = Article.objects.get(pk=waiting.pk)
    assert waiting.submitted_by_id == writer.pk and waiting.submitted_at == waiting.updated_at
    assert Article.objects.get(pk=back_dated.pk).content_changed_at is None
    edited = Article.objects.get(pk=edited.pk)
    assert edited.content_changed_at == edited.updated_at
