from django.core.management.base import BaseCommand

from articles import search
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search vector of every article (PostgreSQL). Needed only after "
        "loading articles without the ORM, e.g. from a SQL dump of another system."
    )

    def handle(self, *args, **options):
        if not search.uses_full_text():
            self.stdout.write("This database searches without an index (SQLite): nothing to do.")
            return
        search.index_articles(Article.objects.all())
        self.stdout.write(f"Indexed {Article.objects.count()} articles.")
