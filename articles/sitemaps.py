"""Sitemaps of every public model, a Google News sitemap and robots.txt; all from `published()`.

A sitemap page lists up to a thousand addresses, so its addresses and XML are built as strings:
through reverse() and the template engine, those thousand addresses cost more than the query.
"""

from datetime import timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from taggit.models import Tag

from .addresses import address_maker
from .models import Article, Conference, Department, Expert
from .pagination import FacetSitemapPaginator, SitemapPaginator
from .querysets import public_topics

NEWS_SITEMAP_WINDOW = timedelta(days=2)


class SlugSitemap(Sitemap):
    url_name = None

    def location(self, item):
        if not hasattr(self, "_address"):
            self._address = address_maker(self.url_name)
        return self._address(item.slug)

    def entries(self, page, base):
        """(absolute address, last modified or None) of each item on `page`: the part of
        Django's get_urls() a sitemap uses, at a fraction of its cost per address."""
        items = self.paginator.page(page).object_list
        # Only some sitemaps have `lastmod`; Django's index reads every item of those that do.
        lastmod = getattr(self, "lastmod", lambda item: None)
        return [(base + self.location(item), lastmod(item)) for item in items]


class ArticleSitemap(SlugSitemap):
    # Small pages keep each one quick to build; the index lists them all.
    limit = 1000
    url_name = "articles:article-detail"

    def items(self):
        # Plain rows, not articles: making a thousand Article objects cost most of the page.
        articles = Article.objects.published().order_by("-published_at", "-pk")
        return articles.values_list("pk", "slug", "updated_at", named=True)

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django would read every article to find it; the index is fine without it.
        return None

    @property
    def paginator(self):
        return SitemapPaginator(self.items(), self.limit)


class FacetSitemap(SlugSitemap):
    """Experts, conferences and departments that at least one published article uses."""

    model = None

    def items(self):
        facets = self.model.objects.having_published_articles()
        return facets.order_by(*self.model._meta.ordering).values_list("slug", named=True)

    def all_rows(self):
        return self.model.objects.all()

    @property
    def paginator(self):
        return FacetSitemapPaginator(self.items(), self.limit, self.all_rows())


class ExpertSitemap(FacetSitemap):
    model = Expert
    url_name = "articles:expert-detail"


class ConferenceSitemap(FacetSitemap):
    model = Conference
    url_name = "articles:conference-detail"


class DepartmentSitemap(FacetSitemap):
    model = Department
    url_name = "articles:department-detail"


class TopicSitemap(FacetSitemap):
    url_name = "articles:topic-detail"

    def items(self):
        return public_topics().order_by("name").values_list("slug", named=True)

    def all_rows(self):
        return Tag.objects.all()


SITEMAPS = {
    "articles": ArticleSitemap,
    "experts": ExpertSitemap,
    "conferences": ConferenceSitemap,
    "departments": DepartmentSitemap,
    "topics": TopicSitemap,
}


@require_GET
def sitemap_section(request, section):
    """One page (?p=) of one section's sitemap, as Django's sitemap view would write it."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap called {section!r}.")
    base = f"{request.scheme}://{RequestSite(request).domain}"
    try:
        entries = SITEMAPS[section]().entries(request.GET.get("p", 1), base)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page.") from None
    response = HttpResponse(urlset(entries), content_type="application/xml; charset=utf-8")
    modified = [lastmod for _, lastmod in entries]
    if modified and all(modified):
        response.headers["Last-Modified"] = http_date(max(modified).timestamp())
    return response


def urlset(entries):
    urls = []
    for location, lastmod in entries:
        modified = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        urls.append(f"<url><loc>{escape(location)}</loc>{modified}</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(urls)}</urlset>\n"
    )


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
