from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from articles.feeds import FEED_LENGTH, ArticleFeed

from .query import Query
from .results import ranked_articles


class SearchFeed(ArticleFeed):
    """The best matches for a search, so a journalist can follow a name or a subject."""

    told_to_hubs = False  # a search has no address hubs are told of

    def get_object(self, request):
        return Query.parse(request.GET.get("q", ""))

    def articles(self, query):
        # Ranked once per request (`__call__` works on a copy of the feed).
        if not hasattr(self, "_articles"):
            self._articles = ranked_articles(query, FEED_LENGTH)
        return self._articles

    def title(self, query):
        return f"Search for “{query.text}” · {settings.NEWSROOM_NAME}"

    def subtitle(self, query):
        return f"News from {settings.NEWSROOM_NAME} matching “{query.text}”."

    description = subtitle

    def link(self, query):
        return f"{reverse('search:results')}?{urlencode({'q': query.text})}"

    def feed_url(self, query):
        return self.request.build_absolute_uri(
            f"{self.request.path}?{urlencode({'q': query.text})}"
        )
