from django.urls import path

from . import (
    converters,  # noqa: F401  (registers the converters the patterns below use)
    feeds,
    views,
)
from .facets import FACETS

app_name = "articles"


def facet_patterns(kind):
    """A facet kind's directory, its rows' pages and their feeds."""
    slug = f"<{kind.slug_converter}:slug>"
    return [
        path(f"{kind.path}/", views.facet_list_view(kind), name=kind.pattern_name("list")),
        path(
            f"{kind.path}/{slug}/", views.facet_detail_view(kind), name=kind.pattern_name("detail")
        ),
        path(
            f"feeds/{kind.path}/{slug}.<feed_format:format>",
            feeds.FacetFeed(kind),
            name=kind.pattern_name("feed"),
        ),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArticleListView.as_view(), name="article-list"),
    path("news/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "news/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="article-preview"),
    path("feeds/news.<feed_format:format>", feeds.LatestArticlesFeed(), name="news-feed"),
    *(pattern for kind in FACETS for pattern in facet_patterns(kind)),
]
