from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from articles.feeds import ArticleFeed

from .query import Query
from .results import ranked_articles


class SearchFeed(ArticleFeed):
    """The best matches for a search, so a journalist can follow a name or a subject."""

    def get_object(self, request):
        return Query.parse(request.GET.get("q", ""))

    def articles(self, query):
        return ranked_articles(query)

    def title(self, query):
        return f"Search for “{query.text}” · {settings.NEWSROOM_NAME}"

    def subtitle(self, query):
        return f"News from {settings.NEWSROOM_NAME} matching “{query.text}”."

    description = subtitle

    def link(self, query):
        return f"{reverse('search:results')}?{urlencode({'q': query.text})}"
