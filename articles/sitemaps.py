"""Sitemaps of every public model, a Google News sitemap and robots.txt; all from `published()`."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import Article, Conference, Department, Expert
from .querysets import public_topics

NEWS_SITEMAP_WINDOW = timedelta(days=2)


class ArticleSitemap(Sitemap):
    # Small pages keep each one quick to build; the index lists them all.
    limit = 1000

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django would read every article to find it; the index is fine without it.
        return None


class FacetSitemap(Sitemap):
    """Experts, conferences and departments that at least one published article uses."""

    model = None

    def items(self):
        return self.model.objects.having_published_articles().order_by(*self.model._meta.ordering)


class ExpertSitemap(FacetSitemap):
    model = Expert


class ConferenceSitemap(FacetSitemap):
    model = Conference


class DepartmentSitemap(FacetSitemap):
    model = Department


class TopicSitemap(Sitemap):
    def items(self):
        return public_topics().order_by("name")

    def location(self, tag):
        return reverse("articles:topic-detail", kwargs={"slug": tag.slug})


SITEMAPS = {
    "articles": ArticleSitemap,
    "experts": ExpertSitemap,
    "conferences": ConferenceSitemap,
    "departments": DepartmentSitemap,
    "topics": TopicSitemap,
}


@require_GET
def news_sitemap(request):
    """Articles published in the last two days, in the Google News sitemap format."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = Article.objects.published().filter(published_at__gte=since).order_by("-published_at")
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": articles, "publication_name": settings.NEWSROOM_NAME},
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "admin_path": "/" + settings.ADMIN_URL,
            "sitemap_url": request.build_absolute_uri(reverse("sitemap-index")),
            "news_sitemap_url": request.build_absolute_uri(reverse("sitemap-news")),
        },
        content_type="text/plain; charset=utf-8",
    )
