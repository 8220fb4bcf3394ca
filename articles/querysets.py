"""Querysets for the newsroom's models. `ArticleQuerySet.published()` is the one visibility rule."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .richtext import sanitize_html


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: status published and a publication time that has come.

        A published article with a future `published_at` is scheduled: it stays invisible until
        that moment and then appears everywhere at once, with no job to run.
        """
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def featured(self):
        return self.published().filter(is_featured=True)

    def for_topic(self, tag):
        return self.filter(tags=tag)

    def with_cards(self):
        """What a list card shows beyond the article itself: its source."""
        return self.select_related("source")

    def with_details(self):
        """Everything an article page shows, fetched in a constant number of queries."""
        from .models import ArticleExpert

        return self.with_cards().prefetch_related(
            "tags",
            "departments",
            "conferences",
            "media_links",
            Prefetch(
                "expert_roles",
                queryset=ArticleExpert.objects.select_related("expert", "expert__department"),
            ),
        )

    def related_to(self, article, limit=4):
        """Published articles sharing the most topics, experts or conferences with `article`.

        Reads the article's relations with `.all()` so that prefetched rows are reused.
        """
        shared = (
            Q(tags__in=[tag.pk for tag in article.tags.all()])
            | Q(experts__in=[role.expert_id for role in article.expert_roles.all()])
            | Q(conferences__in=[conference.pk for conference in article.conferences.all()])
        )
        return (
            self.published()
            .exclude(pk=article.pk)
            .filter(shared)
            .annotate(overlap=Count("pk"))
            .select_related("source")
            .order_by("-overlap", "-published_at", "-pk")[:limit]
        )

    def before(self, article):
        if article.published_at is None:
            return self.none()
        earlier = Q(published_at__lt=article.published_at) | Q(
            published_at=article.published_at, pk__lt=article.pk
        )
        return self.published().filter(earlier).order_by("-published_at", "-pk")

    def after(self, article):
        if article.published_at is None:
            return self.none()
        later = Q(published_at__gt=article.published_at) | Q(
            published_at=article.published_at, pk__gt=article.pk
        )
        return self.published().filter(later).order_by("published_at", "pk")

    def editable_by(self, user):
        """Editors may change every article; contributors only their own drafts and submissions."""
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(
            created_by=user,
            status__in=[self.model.Status.DRAFT, self.model.Status.IN_REVIEW],
        )

    def bulk_create(self, objs, *args, **kwargs):
        """Bodies pass the allowlist here too: bulk_create() does not call Article.save()."""
        objs = list(objs)
        for article in objs:
            article.body = sanitize_html(article.body)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "body" in fields:
            for article in objs:
                article.body = sanitize_html(article.body)
        return super().bulk_update(objs, fields, *args, **kwargs)


def published_article_count(relation):
    """Annotation: how many published articles point at a facet row (expert, tag, department...)."""
    from .models import Article

    published_ids = Article.objects.published().values("pk")
    return Count(relation, filter=Q(**{f"{relation}__in": published_ids}), distinct=True)


def published_topics():
    """Topics (taggit tags) used by at least one published article, with that count."""
    from taggit.models import Tag

    return Tag.objects.annotate(published_article_count=published_article_count("article")).filter(
        published_article_count__gt=0
    )


class FacetQuerySet(models.QuerySet):
    """Shared by experts, conferences, departments and sources: counts without N+1 queries."""

    article_relation = "articles"

    def with_article_count(self):
        return self.annotate(article_count=Count(self.article_relation, distinct=True))

    def with_published_article_count(self):
        return self.annotate(published_article_count=published_article_count(self.article_relation))

    def having_published_articles(self):
        """Only the rows that at least one published article refers to, without counting them."""
        from .models import Article

        article_field = self.model._meta.get_field(self.article_relation).field.name
        published = Article.objects.published().filter(**{article_field: OuterRef("pk")})
        return self.filter(Exists(published))

    def with_published_articles(self):
        """Only the rows that at least one published article refers to."""
        facets = self.with_published_article_count().filter(published_article_count__gt=0)
        # Grouped queries drop Meta.ordering; pagination needs a stable order.
        return facets if self.query.order_by else facets.order_by(*self.model._meta.ordering)
