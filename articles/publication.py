"""The one place that decides "this article just became public".

Every way an article goes public ends here: a save that makes it public (the admin's publish,
a bulk action, a shell, an import, a fixture), or its scheduled time arriving with nobody
saving anything (a task enqueued when it was scheduled, run at that time by the worker). Each
going-public sends `article_went_public` once; leaving the public (a withdrawal, a deletion, a
move back to the future) sends `article_left_public`. Receivers run inside the transaction of
the change, so work they enqueue in the database exists only if the change is committed.

An edit of a public article sends nothing: the announcement row is already there.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import Signal
from django.utils.dateparse import parse_datetime

from background.retry import enqueue_at, retrying_task

from .models import Announcement, Article

# Both send `article=` (an Article); the sender is Article.
article_went_public = Signal()
article_left_public = Signal()


def settle_publication(article):
    """After a change to `article`: announce it if it is public and was not yet, retire its
    announcement if it is no longer public, and have its scheduled time announce it."""
    if article.is_published:
        return announce(article)
    retire(article)
    if article.is_scheduled and article.schedule_changed():
        enqueue_at(
            announce_when_due, article.published_at, article.pk, article.published_at.isoformat()
        )
    return False


def announce(article):
    if Announcement.objects.filter(article=article).exists():
        return False
    try:
        # The unique article decides between two processes announcing at the same moment.
        with transaction.atomic():
            Announcement.objects.create(article=article, public_at=article.published_at)
    except IntegrityError:
        return False
    article_went_public.send(sender=Article, article=article)
    return True


def retire(article):
    deleted, _ = Announcement.objects.filter(article=article).delete()
    if deleted:
        article_left_public.send(sender=Article, article=article)
    return bool(deleted)


@retrying_task
def announce_when_due(article_id, due_at):
    """The scheduled time of an article came: announce it if it is still due for that time
    (not rescheduled, withdrawn or deleted since). Running it twice announces once."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.published_at != parse_datetime(due_at):
        return False
    with transaction.atomic():
        return announce(article) if article.is_published else False


def article_saved(sender, instance, **kwargs):
    # Fixtures (raw saves) too: an article loaded as published goes public like any other.
    if not isinstance(instance.published_at, datetime | None):
        # Given as text (a string in code): the value as stored, a datetime.
        instance.published_at = (
            Article.objects.filter(pk=instance.pk).values_list("published_at", flat=True).get()
        )
    settle_publication(instance)
    instance.remember_schedule()


def article_deleted(sender, instance, **kwargs):
    retire(instance)


def connect():
    post_save.connect(article_saved, sender=Article, dispatch_uid="articles-publication-saved")
    pre_delete.connect(article_deleted, sender=Article, dispatch_uid="articles-publication-deleted")
