"""Addresses of the pages named by a slug (an article, a topic, an expert...): unique slugs for
new rows, and the address of each without a full reverse() (a list page links dozens of them;
docs/performance.md). The address around the slug is reversed once per URL name and
configuration, and the slug put into it: a slug that Django's `slug` converter accepts needs no
quoting; any other goes through reverse() itself."""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify

MARKER = "slug-marker"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's `slug` path converter


@lru_cache(maxsize=64)
def around_slug(url_name, script_prefix, urlconf):
    """(what comes before the slug, what comes after) in the address of `url_name`."""
    before, after = reverse(url_name, urlconf=urlconf, kwargs={"slug": MARKER}).split(MARKER)
    return before, after


def address_maker(url_name):
    """A function slug → what reverse(url_name, kwargs={"slug": slug}) gives, for the current
    configuration (a sitemap makes a thousand addresses with one)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = around_slug(url_name, get_script_prefix(), urlconf)

    def address(slug):
        if not SLUG.fullmatch(slug):
            return reverse(url_name, kwargs={"slug": slug})  # the converter's checks and errors
        return f"{before}{slug}{after}"

    return address


def slug_address(url_name, slug):
    return address_maker(url_name)(slug)


def unique_slug(instance, text, fallback, reserved=None):
    """A slug from `text`, made unique among the instance's model by a numeric suffix.

    `reserved` is a queryset of rows with a `slug` that counts as taken too (former addresses).
    """
    base = slugify(text)[:200] or fallback
    if base.isdigit():
        base = f"{fallback}-{base}"
    candidate, suffix = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=candidate).exists() or (
        reserved is not None and reserved.filter(slug=candidate).exists()
    ):
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate
