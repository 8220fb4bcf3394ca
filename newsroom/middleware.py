"""The page cache: anonymous public pages and feeds, kept until anything they show changes.

Cache keys hold a content generation that every change to the news moves on (see `apps.py`),
so one change retires every cached page at once, and no entry outlives the next scheduled
publication (articles/caching.py).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from articles.caching import cache_publicly, next_publication_at, public_max_age

GENERATION_KEY = "newsroom:content-generation"
CACHEABLE_STATUS = {200, 301, 404, 410}


def content_generation():
    """A number that changes whenever published content may have changed (see `content_changed`).
    Page cache keys include it, so one increment retires every cached page at once."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def content_changed(**kwargs):
    """Signal receiver: an article, or something articles show, was saved or deleted."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value retires the old pages
        cache.set(GENERATION_KEY, int(time.time() * 1000), timeout=None)


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
        entry = cache.get(key)
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
        private_paths = ("/" + settings.ADMIN_URL, "/preview/")
        return (
            seconds > 0 and request.method == "GET" and not request.path.startswith(private_paths)
        )

    @staticmethod
    def key(request):
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"newsroom:page:{content_generation()}:{digest}"

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
        next_at = next_publication_at()
        seconds = public_max_age(next_at, settings.NEWSROOM_PAGE_CACHE_SECONDS)
        if "Cache-Control" not in response:
            cache_publicly(response, next_at)
        if seconds <= 0:
            return
        entry = {
            "valid_until": time.time() + seconds,
            "status": response.status_code,
            "content": response.content,
            "headers": list(response.headers.items()),
        }
        cache.set(key, entry, timeout=seconds)

    @staticmethod
    def rebuild(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        return response
