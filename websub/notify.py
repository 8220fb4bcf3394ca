"""Telling WebSub hubs (https://www.w3.org/TR/websub/) that feeds changed.

When an article goes public or leaves the public, every feed it is in changed: the newsroom's,
and those of its topics, experts, conferences and departments, each in RSS, Atom and JSON Feed.
Each hub gets one `hub.mode=publish` notification per feed address, from a task per hub that
retries the addresses the hub did not take, with backoff (background/retry.py).
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.urls import reverse

from articles.facets import FACETS
from articles.models import Article
from background.retry import retrying_task

FEED_FORMATS = ("rss", "atom", "json")
HUB_TIMEOUT_SECONDS = 10

logger = logging.getLogger(__name__)


class HubRefused(Exception):
    """A hub answered something else than 2xx, or could not be reached, for some addresses."""

    def __init__(self, hub, refused, asked):
        super().__init__(f"{hub} did not take {len(refused)} of {asked} feeds")
        self.retry_args = (hub, refused)  # the next attempt asks again for these only


def feed_urls_of(article):
    """The absolute addresses of every feed `article` is in, as the feeds name themselves."""
    paths = [reverse("articles:news-feed", kwargs={"format": f}) for f in FEED_FORMATS]
    for kind in FACETS:
        for slug in kind.model.objects.filter(articles=article).values_list("slug", flat=True):
            paths += [
                reverse(kind.url_name("feed"), kwargs={"slug": slug, "format": f})
                for f in FEED_FORMATS
            ]
    return [settings.SITE_URL + path for path in paths]


def feeds_changed(sender, article, **kwargs):
    """Signal receiver. The addresses known now are passed on: a deleted article's links are
    gone by the time a worker runs; those saved after the article (an admin form saves its
    topics after the article) are read then."""
    if settings.WEBSUB_HUBS:
        notify_hubs.enqueue(article.pk, feed_urls_of(article))


@retrying_task
def notify_hubs(article_id, known_urls):
    article = Article.objects.filter(pk=article_id).first()
    urls = sorted({*known_urls, *(feed_urls_of(article) if article else ())})
    for hub in settings.WEBSUB_HUBS:
        notify_hub.enqueue(hub, urls)
    return len(urls)


@retrying_task
def notify_hub(hub, urls):
    refused = [url for url in urls if not told(hub, url)]
    if refused:
        raise HubRefused(hub, refused, len(urls))
    return len(urls)


def told(hub, url):
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": url}).encode()
    request = urllib.request.Request(hub, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=HUB_TIMEOUT_SECONDS) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError) as error:
        logger.warning("WebSub hub %s refused %s: %s", hub, url, error)
        return False
