"""A sitemap section per public model: the articles, and each facet kind of the registry; all
from `published()`. newsroom/sitemaps.py serves them, as the index and its sections."""

from django.contrib.sitemaps import Sitemap

from . import page_marks
from .addresses import address_maker
from .facets import FACETS
from .models import Article
from .pagination import FacetSitemapPaginator, SitemapPaginator


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
        return SitemapPaginator(self.items(), self.limit, marks=page_marks.NewsMarks())


class FacetSitemap(SlugSitemap):
    """The rows of a facet kind that at least one published article uses."""

    kind = None

    @classmethod
    def of(cls, kind):
        return type(f"{kind.model.__name__}Sitemap", (cls,), {"kind": kind})

    @property
    def url_name(self):
        return self.kind.url_name("detail")

    def items(self):
        rows = self.kind.public_rows().order_by(*self.kind.model._meta.ordering)
        return rows.values_list("slug", named=True)

    @property
    def paginator(self):
        return FacetSitemapPaginator(self.items(), self.limit, self.kind.model.objects.all())


SITEMAPS = {
    "articles": ArticleSitemap,
    **{kind.path: FacetSitemap.of(kind) for kind in FACETS},
}
