"""The department links get a model of their own (ArticleDepartment), on the table Django made
for the many-to-many field, so that the covering index migration 0009 created on it is declared
on the model. Nothing changes in the database: the table, its constraints and its indexes stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_search_documents_leave_articles")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleDepartment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="department_links", to="articles.article")),
                        ("department", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="article_links", to="articles.department")),
                    ],
                    options={
                        "db_table": "articles_article_departments",
                        "unique_together": {("article", "department")},
                        "indexes": [models.Index(fields=["department", "article"], name="department_links_idx")],
                    },
                ),
                migrations.AlterField(
                    model_name="article",
                    name="departments",
                    field=models.ManyToManyField(blank=True, related_name="articles", through="articles.ArticleDepartment", to="articles.department"),
                ),
            ],
        ),
    ]
