"""Covering indexes for a facet's links: a topic's or a department's article ids are read from
the index alone. taggit's own index on the tag reads every link row from the table (a popular
topic has thousands), and the department links are an automatic many-to-many table, which a
model's Meta cannot index."""

from django.db import migrations

INDEXES = {
    "topic_links_by_tag_idx": "taggit_taggeditem (tag_id, content_type_id, object_id)",
    "department_links_idx": "articles_article_departments (department_id, article_id)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_public_order_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX {name} ON {columns}", f"DROP INDEX {name}")
        for name, columns in INDEXES.items()
    ]
