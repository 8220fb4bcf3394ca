"""Topics become the newsroom's own taggit model (Topic) with its own link table (ArticleTopic).

Every tag and every article's link to one is copied with its id, so addresses, search facet keys
and revisions keep pointing at the same rows; the revisions' saved links are rewritten to the
new link table, so an old revision still restores its topics. taggit's own tables are left
empty, with the index 0009 had added to them removed.
"""

import json

import django.db.models.deletion
import taggit.managers
from django.core.management.color import no_style
from django.db import migrations, models


def copy_tags_to_topics(apps, schema_editor):
    Tag, TaggedItem = apps.get_model("taggit", "Tag"), apps.get_model("taggit", "TaggedItem")
    Topic, ArticleTopic = apps.get_model("articles", "Topic"), apps.get_model("articles", "ArticleTopic")
    article_type = content_type(apps, "articles", "article")
    links = TaggedItem.objects.filter(content_type=article_type)
    Topic.objects.bulk_create(
        Topic(id=tag.id, name=tag.name, slug=tag.slug) for tag in Tag.objects.order_by("id")
    )
    ArticleTopic.objects.bulk_create(
        ArticleTopic(id=link.id, tag_id=link.tag_id, content_object_id=link.object_id)
        for link in links.order_by("id")
    )
    rewrite_revisions(
        apps,
        content_type(apps, "taggit", "taggeditem"),
        content_type(apps, "articles", "articletopic"),
        lambda fields: fields.get("content_type") == article_type.pk
        and {"tag": fields["tag"], "content_object": int(fields["object_id"])},
    )
    links.delete()
    Tag.objects.exclude(id__in=TaggedItem.objects.values("tag_id")).delete()
    reset_sequences(schema_editor, Topic, ArticleTopic)


def copy_topics_to_tags(apps, schema_editor):
    Tag, TaggedItem = apps.get_model("taggit", "Tag"), apps.get_model("taggit", "TaggedItem")
    Topic, ArticleTopic = apps.get_model("articles", "Topic"), apps.get_model("articles", "ArticleTopic")
    article_type = content_type(apps, "articles", "article")
    kept = set(Tag.objects.values_list("id", flat=True))  # the tags of other models
    Tag.objects.bulk_create(
        Tag(id=topic.id, name=topic.name, slug=topic.slug)
        for topic in Topic.objects.exclude(id__in=kept).order_by("id")
    )
    TaggedItem.objects.bulk_create(
        TaggedItem(
            id=link.id,
            tag_id=link.tag_id,
            content_type=article_type,
            object_id=link.content_object_id,
        )
        for link in ArticleTopic.objects.order_by("id")
    )
    rewrite_revisions(
        apps,
        content_type(apps, "articles", "articletopic"),
        content_type(apps, "taggit", "taggeditem"),
        lambda fields: {
            "tag": fields["tag"],
            "content_type": article_type.pk,
            "object_id": fields["content_object"],
        },
    )
    reset_sequences(schema_editor, Tag, TaggedItem)


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def rewrite_revisions(apps, old_type, new_type, new_fields):
    """Saved link rows of `old_type` become rows of `new_type`, their fields given by
    `new_fields(old fields)` (a false value leaves the row as it is)."""
    Version = apps.get_model("reversion", "Version")
    for version in Version.objects.filter(content_type=old_type, format="json"):
        (row,) = json.loads(version.serialized_data)
        fields = new_fields(row["fields"])
        if fields:
            row = {**row, "model": f"{new_type.app_label}.{new_type.model}", "fields": fields}
            version.serialized_data = json.dumps([row])
            version.content_type = new_type
            version.save(update_fields=["serialized_data", "content_type"])


def reset_sequences(schema_editor, *models):
    """Rows were inserted with their ids: the next new row must not take one of them."""
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), models):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_search_facets"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name="slug")),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ArticleTopic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("content_object", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="topic_links", to="articles.article")),
                ("tag", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="article_links", to="articles.topic")),
            ],
            options={
                "verbose_name": "topic of an article",
                "verbose_name_plural": "topics of articles",
                "indexes": [models.Index(fields=["tag", "content_object"], name="topic_links_by_topic_idx")],
                "constraints": [models.UniqueConstraint(fields=("content_object", "tag"), name="article_topic_once")],
            },
        ),
        migrations.RunPython(copy_tags_to_topics, copy_topics_to_tags),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(blank=True, help_text="Comma-separated, e.g. CAR-T, multiple myeloma.", through="articles.ArticleTopic", to="articles.Topic", verbose_name="topics"),
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS topic_links_by_tag_idx",
            "CREATE INDEX topic_links_by_tag_idx ON taggit_taggeditem (tag_id, content_type_id, object_id)",
        ),
    ]
