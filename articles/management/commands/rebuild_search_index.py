from django.core.management.base import BaseCommand

from articles import search
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every article: the facet documents, and on PostgreSQL the "
        "full-text vectors. Needed after loading articles without the ORM (e.g. from a SQL dump "
        "of another system) and after upgrading to a release that adds to the index."
    )

    def handle(self, *args, **options):
        search.index_articles(Article.objects.all())
        self.stdout.write(f"Indexed {Article.objects.count()} articles.")
