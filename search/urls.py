from django.urls import path

from articles import converters  # noqa: F401  (registers feed_format)

from .feeds import SearchFeed
from .views import SearchView

app_name = "search"

urlpatterns = [
    path("search/", SearchView.as_view(), name="results"),
    path("search/feed.<feed_format:format>", SearchFeed(), name="feed"),
]
