import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import search.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0014_department_links_model"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleSearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("facet_keys", models.TextField(blank=True, default="")),
                ("published_at", models.DateTimeField(null=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("rank_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "indexes": [
                    search.models.FullTextIndex(
                        fields=["vector"], name="search_document_vector_idx"
                    )
                ],
            },
        ),
    ]
