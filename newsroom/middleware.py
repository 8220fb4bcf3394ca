"""The page cache: anonymous public pages and feeds, kept until anything they show changes.

Cache keys hold the content version that every change to the news moves on in its own
transaction (newsroom/models.py, connected in apps.py), read from the database for every page
served: one change retires every cached page at once, whatever the cache went through, and no
entry outlives the next scheduled publication (articles/caching.py).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import urlencode
from django.utils.text import compress_string

from articles.caching import cache_publicly, lifetime_until, next_publication_at
from search.facets import PARAMETERS as SEARCH_FILTERS

from .models import current_content_version, move_content_version_on

CACHEABLE_STATUS = {200, 301, 404, 410}
# Every query parameter a public page or feed reads: pages of a list or a sitemap, the search
# and its filters, the experts directory's letter and department. Any other parameter (a
# tracking tag, a random cache-buster) changes nothing on the page, so it is served the entry
# of the address without it (tests/site/test_page_cache_keys.py checks that this list is whole).
PAGE_PARAMETERS = frozenset({"page", "p", "q", "letter", "department", *SEARCH_FILTERS})
# Kept compressed beside the plain bytes: pages and feeds (text), big enough to gain from it.
COMPRESSED_TYPES = (
    "text/",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/feed+json",
    "application/xml",
)
COMPRESS_FROM_BYTES = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def content_changed(**kwargs):
    """Signal receiver: an article, or something articles show, was saved, deleted or linked.
    The content version moves on in the same transaction (newsroom/models.py)."""
    if kwargs.get("action", "post").startswith("post"):  # m2m_changed also sends pre_ actions
        move_content_version_on()


def canonical_query(request):
    """The parameters pages read, each with the value they read (the last one given), in name
    order: `?b=2&a=1&utm_source=x` and `?a=1&b=2` are one page."""
    read = sorted((name, value) for name, value in request.GET.items() if name in PAGE_PARAMETERS)
    return urlencode(read)


class PublicPageCacheMiddleware:
    """Serves anonymous GET requests for public pages and feeds from the cache.

    A page is kept for PAGE_CACHE_SECONDS, and never past the next scheduled publication, so a
    scheduled story still appears on time. Anyone with a session (staff) bypasses the cache both
    ways: they never get a cached page, never fill the cache, and their pages are marked private.
    The admin and previews are never cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.kept_private(self.get_response(request))
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.key(request)
        entry = cache.get(entry_key(key, gzip=accepts_gzip(request)))
        if entry is not None and entry["valid_until"] > time.time():
            return self.rebuild(entry)
        response = self.get_response(request)
        if self.may_store(response):
            self.store(key, response)
        return response

    @staticmethod
    def kept_private(response):
        """A page rendered for someone signed in must not be kept by a CDN or proxy either."""
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def applies_to(request):
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        # Health answers must say how the instance is now, and liveness must not need the
        # database the version is read from.
        # Alert pages carry forms and links meant for one person.
        private_paths = ("/" + settings.ADMIN_URL, "/preview/", "/healthz", "/alerts/", "/press/")
        return (
            seconds > 0 and request.method == "GET" and not request.path.startswith(private_paths)
        )

    @staticmethod
    def key(request):
        address = (
            f"{request.scheme}://{request.get_host()}{request.path}?{canonical_query(request)}"
        )
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"newsroom:page:{current_content_version()}:{digest}"

    @staticmethod
    def may_store(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code in CACHEABLE_STATUS
            and not response.streaming
            and not response.cookies
            and not any(word in control for word in ("private", "no-cache", "no-store"))
        )

    def store(self, key, response):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not response.has_header("ETag"):
            # Kept with the page, so that ConditionalGetMiddleware does not hash every hit again
            # (a sitemap is a few hundred kilobytes). Feeds set their own.
            set_response_etag(response)
        seconds = lifetime_until(next_publication_at(), settings.NEWSROOM_PAGE_CACHE_SECONDS)
        if "Cache-Control" not in response:
            cache_publicly(response)
        # A cached page is sent compressed to whoever accepts it: proxies and CDNs in front
        # must keep the two apart.
        patch_vary_headers(response, ["Accept-Encoding"])
        if seconds <= 0:
            return
        plain = {
            "valid_until": time.time() + seconds,
            "status": response.status_code,
            "content": response.content,
            "encoding": None,
            "headers": list(response.headers.items()),
        }
        # Two entries, so that a hit fetches only the bytes it sends (a feed is ~170 KB plain,
        # ~30 KB compressed). A page not worth compressing is kept plain under both.
        gzipped = compressed(response)
        encoded = {**plain, "content": gzipped, "encoding": "gzip"} if gzipped else plain
        cache.set_many(
            {entry_key(key, gzip=False): plain, entry_key(key, gzip=True): encoded},
            timeout=seconds,
        )

    @staticmethod
    def rebuild(entry):
        """The cached page as it was stored: plain, or compressed once when it was stored
        (never again on a hit)."""
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        encoding = entry.get("encoding")  # entries stored by an earlier release have none
        if encoding:
            response["Content-Encoding"] = encoding
            # The stored headers give the plain page's length; a client reads this many bytes.
            response["Content-Length"] = str(len(entry["content"]))
            etag = response.get("ETag", "")
            if etag and not etag.startswith("W/"):
                response["ETag"] = f"W/{etag}"  # other bytes, the same page: a weak validator
        return response


def entry_key(key, gzip):
    """The cache key of a page's plain entry, or of its entry for clients that take gzip."""
    return f"{key}:gzip" if gzip else key


def accepts_gzip(request):
    return bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def compressed(response):
    """The gzip bytes of a page to keep, or None when it is not worth it.

    Only what the page cache keeps is compressed: anonymous public pages, which set no cookie
    and hold no token, secret or personal data, so the compressed size tells an attacker
    nothing (BREACH): pages that do carry them (the admin, previews, alerts, the press room,
    anything for someone signed in) are never stored, hence never compressed here.
    """
    content_type = response.get("Content-Type", "")
    content = response.content
    if len(content) < COMPRESS_FROM_BYTES or not content_type.startswith(COMPRESSED_TYPES):
        return None
    gzipped = compress_string(content)
    return gzipped if len(gzipped) < len(content) else None
