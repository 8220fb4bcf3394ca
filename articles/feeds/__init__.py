"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole newsroom and for each facet (topic, expert,
conference, department) in the registry. The format is chosen by the URL."""

import copy
import hashlib
import re
from inspect import unwrap

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.http import http_date

from media.renditions import Renditions

from ..caching import cache_publicly
from ..models import Article, Topic
from .formats import FORMATS

FEED_LENGTH = 30
FEED_TTL_MINUTES = 30
RELATIVE_URL = re.compile(r'(\s(?:href|src))="(/[^/"][^"]*)"')

FEED_IMAGE_WIDTH = 1200


def absolutize_urls(html, request):
    """Feed readers show the body away from our site: make its own links absolute."""
    return RELATIVE_URL.sub(lambda m: f'{m[1]}="{request.build_absolute_uri(m[2])}"', html)


def websub_links(self_url):
    """The Link header of WebSub discovery: the hubs to subscribe at, and the feed's address."""
    hubs = [f'<{hub}>; rel="hub"' for hub in settings.WEBSUB_HUBS]
    return ", ".join([*hubs, f'<{self_url}>; rel="self"'])


# What Feed._get_dynamic_attr finds an attribute of a feed class to be.
MISSING, VALUE, TAKES_NOTHING, TAKES_THE_OBJECT = "missing", "value", "nothing", "object"
ATTRIBUTE_KINDS = {}  # (feed class, attribute name): one of the above


def attribute_kind(feed, attname):
    """What `Feed._get_dynamic_attr` would do with `attname` of `feed`, found as it finds it
    (and with its error for a decorated method that hides its arguments)."""
    try:
        attr = getattr(feed, attname)
    except AttributeError:
        return MISSING
    if not callable(attr):
        return VALUE
    probe = Feed._get_dynamic_attr  # raises ImproperlyConfigured as Django does
    code = getattr(unwrap(attr), "__code__", None) or unwrap(attr.__call__).__code__
    if not code.co_argcount:
        probe(feed, attname, None)
    return TAKES_THE_OBJECT if code.co_argcount == 2 else TAKES_NOTHING


class ArticleFeed(Feed):
    """What every feed shares: its items come from `published()`, and its HTTP caching.

    A conditional GET is answered with 304 from one small query, before any item is rendered.
    """

    ttl = FEED_TTL_MINUTES
    # The WebSub hubs are told of every change to this feed (websub/), so the feed names them.
    told_to_hubs = True
    item_guid_is_permalink = False
    language = settings.LANGUAGE_CODE

    def __call__(self, request, *args, format="rss", **kwargs):
        feed = copy.copy(self)
        feed.feed_type = FORMATS[format]
        feed.request = request
        obj = feed.get_object(request, *args, **kwargs)
        etag, last_modified = feed.validators(obj, format)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is None:
            # Written to a string, not to the response piece by piece: thousands of small
            # response writes cost more than the feed's queries.
            feedgen = feed.get_feed(obj, request)
            response = HttpResponse(feedgen.writeString("utf-8"), content_type=feedgen.content_type)
        else:
            response = not_modified
        response.headers["ETag"] = etag
        if feed.hubs():
            response.headers["Link"] = websub_links(feed.feed_url(obj))
        if last_modified:
            response.headers["Last-Modified"] = http_date(last_modified)
        return cache_publicly(response)

    def _get_dynamic_attr(self, attname, obj, default=None):
        """Django's, without finding out again for every item whether an attribute is a method
        and what it takes: Django inspects the function for each of the 16 attributes of each
        of the 30 items, which was half of a feed's time. What it finds is kept per class."""
        key = (type(self), attname)
        kind = ATTRIBUTE_KINDS.get(key)
        if kind is None:
            kind = ATTRIBUTE_KINDS[key] = attribute_kind(self, attname)
        if kind is MISSING:
            return default
        if kind is TAKES_NOTHING:
            return getattr(self, attname)()
        if kind is TAKES_THE_OBJECT:
            return getattr(self, attname)(obj)
        return getattr(self, attname)

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        articles = list(self.articles(obj).with_source()[:FEED_LENGTH])
        topics = Topic.objects.names_by_article(articles)
        for article in articles:
            article.topic_names = topics[article.pk]
        return articles

    def validators(self, obj, format):
        """An ETag and a Last-Modified time that change whenever an item changes, or when a
        scheduled article goes public; from one query, so a 304 needs no other."""
        stamps = list(
            self.articles(obj).values_list("pk", "updated_at", "published_at")[:FEED_LENGTH]
        )
        digest = hashlib.sha256(f"{format}:{stamps}".encode()).hexdigest()[:32]
        last_modified = max(
            (max(updated, published) for _, updated, published in stamps), default=None
        )
        return f'"{digest}"', int(last_modified.timestamp()) if last_modified else None

    # Feed-level

    def title(self, obj):
        return settings.NEWSROOM_NAME

    def subtitle(self, obj):
        return settings.NEWSROOM_DESCRIPTION

    description = subtitle

    def link(self, obj):
        return reverse("articles:home")

    def feed_url(self, obj):
        # The path alone: a parameter the feed does not read (a tracking tag) is not its address.
        return self.request.build_absolute_uri(self.request.path)

    def feed_guid(self, obj):
        return self.request.build_absolute_uri(self.request.path)

    def feed_extra_kwargs(self, obj):
        return {
            "hubs": self.hubs(),
            "logo": self.request.build_absolute_uri(static("img/logo.png")),
            "icon": self.request.build_absolute_uri(static("img/logo.svg")),
        }

    def hubs(self):
        return settings.WEBSUB_HUBS if self.told_to_hubs else []

    # Items

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Readers take an RSS description or an Atom summary (type="html") as HTML; ours is text.
        return escape(article.summary)

    def item_guid(self, article):
        """A tag: URI from the site, creation date and primary key: stable across title edits."""
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},{article.created_at:%Y-%m-%d}:article:{article.pk}"

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        """When the public content last changed (an edit that readers see, not any save)."""
        return article.modified_at

    def item_author_name(self, article):
        return article.byline or (article.source.name if article.source else settings.NEWSROOM_NAME)

    def item_categories(self, article):
        return article.topic_names

    def item_enclosures(self, article):
        image = self.feed_image(article)
        if not image:
            return []
        return [Enclosure(image["url"], str(image["bytes"]), image["type"])]

    def feed_image(self, article):
        """The 1200-pixel-wide rendition of the hero image: large enough, never the original."""
        renditions = Renditions(article.hero_image)
        if not renditions:
            return None
        image = renditions.fallback(FEED_IMAGE_WIDTH)
        return {**image, "url": self.request.build_absolute_uri(image["url"])}

    def image_url(self, article):
        image = self.feed_image(article)
        return image["url"] if image else ""

    def item_extra_kwargs(self, article):
        return {
            "content_html": absolutize_urls(article.body, self.request),
            "summary": article.summary,
            "image": self.image_url(article),
            "language": article.language,
        }


class LatestArticlesFeed(ArticleFeed):
    pass


class FacetFeed(ArticleFeed):
    """The feed of one row of a facet `kind`. Unknown rows, and rows no published article
    uses, are 404."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def get_object(self, request, slug):
        return get_object_or_404(self.kind.public_rows(), slug=slug)

    def articles(self, obj):
        # Read once per request (`__call__` works on a copy of the feed): linked_by reads the
        # ids of a small facet's articles up front.
        if not hasattr(self, "_articles"):
            self._articles = super().articles(obj).linked_by(*self.kind.links(obj))
        return self._articles

    def title(self, obj):
        return f"{obj} · {settings.NEWSROOM_NAME}"

    def subtitle(self, obj):
        return f"News {self.kind.feed_preposition} {obj} from {settings.NEWSROOM_NAME}."

    description = subtitle

    def link(self, obj):
        return obj.get_absolute_url()
