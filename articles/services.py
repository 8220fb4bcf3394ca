"""Editorial operations shared by the admin form and actions, with their permission rule."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from .models import Article

CONTRIBUTOR_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)
PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    """Editors publish, schedule, withdraw and feature; contributors only write and submit."""
    return user.has_perm(PUBLISH_PERMISSION)


def statuses_allowed_for(user):
    return Article.Status.values if can_publish(user) else [s.value for s in CONTRIBUTOR_STATUSES]


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish, withdraw or feature articles.")


def publish(article, user):
    """Publish now, or at the article's own future date if it already has one (scheduling)."""
    _require_publisher(user)
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    if errors := article.publication_errors():
        raise ValidationError(errors)
    article.save()


def withdraw(article, user):
    _require_publisher(user)
    article.status = Article.Status.WITHDRAWN
    article.save(update_fields=["status", "updated_at"])


def set_featured(article, user, featured):
    _require_publisher(user)
    article.is_featured = featured
    article.save(update_fields=["is_featured", "updated_at"])
