"""How long a public response may be cached: never past the next scheduled publication.

A scheduled article goes public by the clock alone (see `ArticleQuerySet.published`), so a copy
cached by a browser, proxy or CDN must expire by that moment or the article would appear late.
"""

import math

from django.db.models import Subquery
from django.utils import timezone
from django.utils.cache import patch_cache_control

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
