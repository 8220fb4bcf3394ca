"""How long a public response may be cached: never past the next scheduled publication.

A scheduled article goes public by the clock alone (see `ArticleQuerySet.published`), so a copy
cached by a browser, proxy or CDN must expire by that moment or the article would appear late.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from .models import Article

PUBLIC_MAX_AGE = 300


def next_publication():
    """A subquery for the moment the next scheduled article goes public (NULL if none)."""
    scheduled = Article.objects.scheduled().order_by("published_at")
    return Subquery(scheduled.values("published_at")[:1])


def next_publication_at():
    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def public_max_age(next_at, default=PUBLIC_MAX_AGE):
    if next_at is None:
        return default
    return max(0, min(default, math.ceil((next_at - timezone.now()).total_seconds())))


def cache_publicly(response, next_at, default=PUBLIC_MAX_AGE):
    """Cache-Control for a public response, given when the next scheduled article goes public."""
    max_age = public_max_age(next_at, default)
    patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
    return response


# The page cache: anonymous public pages and feeds, kept until anything they show changes.

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


def connect_signals():
    from taggit.models import Tag, TaggedItem

    from .models import ArticleExpert, Conference, Department, Expert, FormerSlug, MediaLink, Source

    shown = (Article, ArticleExpert, MediaLink, FormerSlug, Expert, Conference, Department)
    for model in (*shown, Source, Tag, TaggedItem):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-d-{model}")
    for relation in (Article.departments.through, Article.conferences.through):
        m2m_changed.connect(content_changed, sender=relation, dispatch_uid=f"page-cache-{relation}")
