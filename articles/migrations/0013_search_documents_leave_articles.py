"""The search index moves to the search app's own model (search.ArticleSearchDocument), built
for every article by `migrate` itself (search/indexing.py); the article keeps no search column."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_topic_permissions")]

    operations = [
        migrations.RemoveField(model_name="article", name="search_facets"),
        migrations.RemoveField(model_name="article", name="search_rank_vector"),
        migrations.RemoveField(model_name="article", name="search_vector"),
    ]
