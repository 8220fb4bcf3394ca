"""How long a response may be cached, and where.

A scheduled article goes public by the clock alone (see `ArticleQuerySet.published`), so the
site's own page cache keeps no page past the next scheduled publication. Browsers, proxies and
CDNs get a short lifetime that does not depend on the schedule: one that counted down to the
next publication told anyone the second an embargo lifts. A scheduled story reaches them at
most DOWNSTREAM_MAX_AGE seconds late (docs/deployment.md).
"""

import math

from django.utils import timezone
from django.utils.cache import patch_cache_control

from .models import Article

DOWNSTREAM_MAX_AGE = 60


def next_publication_at():
    """When the next scheduled article goes public (None if none is scheduled)."""
    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def lifetime_until(next_at, longest):
    """Seconds a page may be kept by the site's own cache: `longest`, or less if the next
    scheduled article goes public sooner."""
    if next_at is None:
        return longest
    return max(0, min(longest, math.ceil((next_at - timezone.now()).total_seconds())))


def cache_publicly(response):
    """Cache-Control for a public response, the same whatever is scheduled."""
    patch_cache_control(
        response, public=True, max_age=DOWNSTREAM_MAX_AGE, s_maxage=DOWNSTREAM_MAX_AGE
    )
    return response
