"""A journalist's private feeds (`/press/feeds/<key>.rss` and `.atom`): the embargoed stories
open to them, each title saying "[EMBARGOED until …]", then recent public news. The key is the
journalist's own, replaced when their access is revoked (the old addresses then answer 404)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.models import Article
from articles.services import when

from . import access
from .models import Journalist, PressAccess
from .views import private

FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
RECENT_PUBLIC = 20


class PrivateFeed(Feed):
    title = "Press room: embargoed and recent stories"
    description = "Stories under embargo open to you, then recent public news."

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type

    def get_object(self, request, key):
        journalist = Journalist.objects.approved().filter(feed_key=key).first()
        if journalist is None:
            raise Http404("No feed has this address.")
        access.record(journalist, None, PressAccess.Kind.FEED)
        return journalist

    def link(self):
        return reverse("press:home")

    def items(self, journalist):
        embargoed = Article.objects.embargoed().with_cards().order_by("published_at", "pk")
        recent = Article.objects.published().with_cards()[:RECENT_PUBLIC]
        return [*embargoed, *recent]

    def item_title(self, article):
        if article.is_embargoed:
            return f"[EMBARGOED until {when(article.published_at)}] {article.title}"
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return reverse("press:story", args=[article.pk])

    def item_pubdate(self, article):
        return article.published_at


FEEDS = {name: PrivateFeed(feed_type) for name, feed_type in FORMATS.items()}


@private
def private_feed(request, key, format):
    response = FEEDS[format](request, key=key)
    response["Referrer-Policy"] = "no-referrer"
    return response
