from django.core.management.base import BaseCommand

from search.indexing import rebuild_all


class Command(BaseCommand):
    help = (
        "Rebuild the search document of every article. Needed after loading articles without "
        "the ORM (e.g. from a SQL dump of another system); documents missing after an upgrade "
        "are built by `migrate` itself."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {rebuild_all()} articles.")
