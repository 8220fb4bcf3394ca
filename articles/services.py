"""Editorial operations shared by the admin form and actions, with their permission rule.

Each operation saves a revision (django-reversion) naming who did what, so nothing is lost.
"""

from contextlib import contextmanager

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article

CONTRIBUTOR_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)
PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    """Editors publish, schedule, withdraw and feature; contributors only write and submit."""
    return user.has_perm(PUBLISH_PERMISSION)


def statuses_allowed_for(user):
    return Article.Status.values if can_publish(user) else [s.value for s in CONTRIBUTOR_STATUSES]


def display_name(user):
    if user is None:
        return "someone whose account was removed"
    return user.get_full_name() or user.get_username()


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish, withdraw or feature articles.")


@contextmanager
def revision_by(user, comment):
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def record_editor(article, user, previous_status):
    """Who last changed the article, and who published it when this save makes it public."""
    article.updated_by = user
    going_public = article.status == Article.Status.PUBLISHED
    if going_public and previous_status != Article.Status.PUBLISHED:
        article.published_by = user


def publish(article, user):
    """Publish now, or at the article's own future date if it already has one (scheduling).

    A withdrawn article is restored to the public this way, with its original date.
    """
    _require_publisher(user)
    previous_status = article.status
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    if errors := article.publication_errors():
        raise ValidationError(errors)
    record_editor(article, user, previous_status)
    comment = (
        "Restored to the public" if previous_status == Article.Status.WITHDRAWN else "Published"
    )
    with revision_by(user, comment):
        article.save()


def withdraw(article, user):
    _require_publisher(user)
    article.status = Article.Status.WITHDRAWN
    record_editor(article, user, article.status)
    with revision_by(user, "Withdrawn"):
        article.save(update_fields=["status", "updated_by"])


def set_featured(article, user, featured):
    _require_publisher(user)
    article.is_featured = featured
    record_editor(article, user, article.status)
    with revision_by(user, "Featured" if featured else "No longer featured"):
        article.save(update_fields=["is_featured", "updated_by"])
