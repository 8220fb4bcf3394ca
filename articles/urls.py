from django.urls import path, register_converter

from . import feeds, views


class UnicodeSlugConverter:
    """Topic slugs keep non-Latin names readable, e.g. /topics/骨髓移植/."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FeedFormatConverter:
    regex = "rss|atom|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "unicode_slug")
register_converter(FeedFormatConverter, "feed_format")

app_name = "articles"

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
    path("experts/", views.ExpertListView.as_view(), name="expert-list"),
    path("experts/<slug:slug>/", views.ExpertDetailView.as_view(), name="expert-detail"),
    path("conferences/", views.ConferenceListView.as_view(), name="conference-list"),
    path(
        "conferences/<slug:slug>/", views.ConferenceDetailView.as_view(), name="conference-detail"
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path(
        "departments/<slug:slug>/", views.DepartmentDetailView.as_view(), name="department-detail"
    ),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<unicode_slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/feed.<feed_format:format>", feeds.SearchFeed(), name="search-feed"),
    path("feeds/news.<feed_format:format>", feeds.LatestArticlesFeed(), name="news-feed"),
    path(
        "feeds/topics/<unicode_slug:slug>.<feed_format:format>",
        feeds.TopicFeed(),
        name="topic-feed",
    ),
    path("feeds/experts/<slug:slug>.<feed_format:format>", feeds.ExpertFeed(), name="expert-feed"),
    path(
        "feeds/conferences/<slug:slug>.<feed_format:format>",
        feeds.ConferenceFeed(),
        name="conference-feed",
    ),
    path(
        "feeds/departments/<slug:slug>.<feed_format:format>",
        feeds.DepartmentFeed(),
        name="department-feed",
    ),
]
