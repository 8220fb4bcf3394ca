from collections import Counter
from datetime import timedelta

import reversion
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    ArticleExpert,
    Conference,
    Department,
    Expert,
    MediaLink,
    Source,
)
from demo import content as demo_content
from demo import images as demo_images

RELATIONS = ("departments", "conferences", "experts", "tags", "media_links")


class Command(BaseCommand):
    help = "Load the demo newsroom. Rows that already exist are left exactly as they are."

    @transaction.atomic
    def handle(self, *args, **options):
        self.tally = {}
        self.sources = self.seed(Source, "name", demo_content.SOURCES)
        self.departments = self.seed(Department, "slug", demo_content.DEPARTMENTS)
        self.experts = self.seed(
            Expert,
            "slug",
            [{**e, "department": self.departments[e["department"]]} for e in demo_content.EXPERTS],
        )
        self.conferences = self.seed(Conference, "slug", demo_content.CONFERENCES)
        for item in demo_content.ARTICLES:
            self.seed_article(item)
        for label, counts in self.tally.items():
            self.stdout.write(f"{label}: {counts[True]} created, {counts[False]} already present")

    def count(self, model, created):
        self.tally.setdefault(model._meta.verbose_name_plural.capitalize(), Counter())[created] += 1

    def seed(self, model, key, rows):
        """get_or_create each row by its key; returns the objects by key."""
        objects = {}
        for row in rows:
            values = dict(row)
            obj, created = model.objects.get_or_create(**{key: values.pop(key)}, defaults=values)
            self.count(model, created)
            objects[row[key]] = obj
        return objects

    def illustration(self, slug):
        """Image fields for a demo article; the image is drawn only if the article is created."""
        motif = demo_content.ILLUSTRATIONS.get(slug)
        if not motif:
            return {}
        return {
            "hero_image": lambda: ContentFile(demo_images.illustration(motif, slug), f"{slug}.jpg"),
            "hero_alt": demo_images.ALT_TEXT[motif],
            "hero_credit": demo_content.ILLUSTRATION_CREDIT,
        }

    def seed_article(self, item):
        with reversion.create_revision():
            reversion.set_comment("Loaded with the demo content")
            if article := self.create_article(item):
                reversion.add_to_revision(article)

    def create_article(self, item):
        """The article with its relations, or None if it already exists (then it is left alone)."""
        values = {name: value for name, value in item.items() if name not in RELATIONS}
        values["source"] = self.sources.get(values.get("source"))
        published_at = values.get("published_at")
        if isinstance(published_at, timedelta):
            values["published_at"] = timezone.now() + published_at
        elif published_at:
            # Date the slug lock with the story, not with the moment the demo was loaded.
            values["first_published_at"] = published_at
        values.update(self.illustration(values["slug"]))
        article, created = Article.objects.get_or_create(slug=values.pop("slug"), defaults=values)
        self.count(Article, created)
        if not created:
            return None
        if article.published_at and article.published_at < article.updated_at:
            # The demo stories were never edited after publication; don't show them as updated.
            Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
        article.departments.set(self.departments[slug] for slug in item.get("departments", []))
        article.conferences.set(self.conferences[slug] for slug in item.get("conferences", []))
        article.tags.add(*item.get("tags", []))
        # Saved one by one, as the admin does, so that the search index and the page cache
        # hear of them (a few rows per article).
        for order, (slug, role) in enumerate(item.get("experts", [])):
            ArticleExpert.objects.create(
                article=article, expert=self.experts[slug], role=role, order=order
            )
        for order, link in enumerate(item.get("media_links", [])):
            MediaLink.objects.create(article=article, order=order, **link)
        return article
