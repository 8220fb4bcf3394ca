"""Emails to journalists about embargoes, sent by the task worker: to the approved journalists
who asked for them when a story opens to them under embargo (once per press access time), and
to every journalist who opened a story when its embargo moves, lifts early or is called off."""

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article
from articles.services import when
from background.retry import enqueue_at, retrying_task

from .models import EmbargoNotice, Journalist, PressAccess
from .services import absolute, mail_body

# Opening the story itself (a feed read names no story).
STORY_KINDS = [PressAccess.Kind.READ, PressAccess.Kind.IMAGE, PressAccess.Kind.TEXT, "html"]


def connect():
    pre_save.connect(note_embargo_change, sender=Article, dispatch_uid="press-embargo-change")
    post_save.connect(embargo_saved, sender=Article, dispatch_uid="press-embargo-saved")


def note_embargo_change(sender, instance, raw=False, **kwargs):
    # Read before the publication event's receiver (post_save) remembers the new schedule.
    instance._embargo_moved = instance.pk is not None and instance.schedule_changed()
    instance._embargo_opens = instance.embargo_changed()


def embargo_saved(sender, instance, raw=False, **kwargs):
    article = instance
    if (
        getattr(article, "_embargo_opens", False)
        and article.press_access_at
        and article.is_scheduled
    ):
        due = article.press_access_at
        enqueue_at(tell_embargo_open, max(due, timezone.now()), article.pk, due.isoformat())
    if getattr(article, "_embargo_moved", False) and viewers(article).exists():
        tell_embargo_changed.enqueue(article.pk)


def viewers(article):
    ids = PressAccess.objects.filter(article=article, kind__in=STORY_KINDS).values("journalist")
    return Journalist.objects.approved().filter(pk__in=ids).select_related("user")


def send_each(journalists, subject, template, context):
    messages = [
        EmailMessage(subject, mail_body(j, template, **context), to=[j.email]) for j in journalists
    ]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@retrying_task
def tell_embargo_open(article_id, due_at):
    """The press access time came: the opted-in approved journalists are told, once."""
    article = Article.objects.filter(pk=article_id).first()
    if (
        article is None
        or not article.is_embargoed
        or article.press_access_at != parse_datetime(due_at)
    ):
        return 0
    try:
        with transaction.atomic():
            EmbargoNotice.objects.create(article=article, press_access_at=article.press_access_at)
    except IntegrityError:
        return 0
    journalists = Journalist.objects.approved().filter(wants_embargo_alerts=True)
    context = story_context(article)
    subject = f"Under embargo until {context['lift']}: {article.title}"
    return send_each(journalists.select_related("user"), subject, "embargo_open", context)


@retrying_task
def tell_embargo_changed(article_id):
    """Its time moved, it went public early, or it is no longer planned: those who opened it
    are told what holds now."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    context = story_context(article)
    if article.is_scheduled:
        subject = f"Embargo changed: now until {context['lift']}: {article.title}"
    elif article.is_published:
        subject = f"Embargo lifted, public now: {article.title}"
    else:
        subject = f"Embargo story withdrawn, do not publish: {article.title}"
    return send_each(viewers(article), subject, "embargo_changed", context)


def story_context(article):
    lift = when(article.published_at) if article.published_at else ""
    zone = timezone.localtime(article.published_at).strftime("%Z") if article.published_at else ""
    return {
        "article": article,
        "lift": f"{lift} {zone}".strip(),
        "scheduled": article.is_scheduled,
        "public": article.is_published,
        "link": absolute(reverse("press:story", args=[article.pk])),
    }
