"""Sending alerts: at once when a story goes public, in a daily digest, and corrections.

Each email is for deliveries that were first claimed (pending → sending) in their own statement,
then marked sent: a sender killed half way leaves the unsent ones pending for the next run and
the one it was sending claimed, so that no run sends anything twice. A mail server that fails
puts the delivery back and fails the task, which retries later (background/retry.py).
"""

from django.core.mail import get_connection
from django.db.models import Prefetch
from django.utils import timezone

from articles.facets import FACETS
from articles.models import Article, ArticleExpert
from background.retry import retrying_task

from . import interests, mail
from .models import CorrectionNotice, Delivery, Subscriber
from .schedule import schedule_next_digest

Status = Delivery.Status


class SendingFailed(Exception):
    pass


def public_stories():
    """Articles as emails show them, from the visibility rule of every public surface."""
    roles = ArticleExpert.objects.select_related("expert").order_by("order", "id")
    return (
        Article.objects.published()
        .select_related("source", "announcement")
        .prefetch_related(Prefetch("expert_roles", queryset=roles))
    )


def claim(ids):
    return Delivery.objects.filter(pk__in=ids, status=Status.PENDING).update(status=Status.SENDING)


def mark(ids, status):
    sent_at = timezone.now() if status == Status.SENT else None
    Delivery.objects.filter(pk__in=ids).update(status=status, sent_at=sent_at)


def send_claimed(connection, ids, message):
    """Send `message` for the deliveries `ids` if this run claims them all."""
    if claim(ids) != len(ids):  # another run took them first
        return False
    message.connection = connection
    try:
        message.send()
    except Exception as error:
        mark(ids, Status.PENDING)
        raise SendingFailed(f"{message.to[0]}: {error}") from error
    mark(ids, Status.SENT)
    return True


def send_each(deliveries, build_message):
    deliveries = list(deliveries)
    if not deliveries:  # no connection to the mail server for nothing
        return 0
    sent = 0
    with get_connection() as connection:
        for delivery in deliveries:
            sent += send_claimed(connection, [delivery.pk], build_message(delivery))
    return sent


def deliver(new, pending, build_message):
    """Record the deliveries `new` (those already made, by this run or an earlier one, are
    left as they are), then send what `pending` finds waiting."""
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    return send_each(pending.select_related("subscriber"), build_message)


def article_went_public(sender, article, **kwargs):
    """Signal receiver (articles/publication.py), in the transaction that made it public."""
    send_alerts.enqueue(article.pk)


@retrying_task
def send_alerts(article_id):
    """One email per story to each confirmed immediate subscriber it concerns."""
    article = public_stories().filter(pk=article_id).first()
    if article is None:  # withdrawn again before the worker came to it
        return 0
    subscribers = interests.concerned_by(article).filter(frequency=Subscriber.Frequency.IMMEDIATELY)
    pending = Delivery.objects.filter(
        article=article,
        correction=None,
        status=Status.PENDING,
        subscriber__in=Subscriber.objects.receiving(),
    )
    return deliver(
        [Delivery(subscriber=subscriber, article=article) for subscriber in subscribers.only("pk")],
        pending,
        lambda delivery: mail.alert(delivery.subscriber, article),
    )


@retrying_task
def send_correction(notice_id):
    """The correction to everyone the article's alert (or digest) went to."""
    notice = CorrectionNotice.objects.filter(pk=notice_id).first()
    article = notice and public_stories().filter(pk=notice.article_id).first()
    if article is None:
        return 0
    notice.article = article
    readers = Subscriber.objects.receiving().filter(
        deliveries__article=article, deliveries__correction=None, deliveries__status=Status.SENT
    )
    return deliver(
        [Delivery(subscriber=r, article=article, correction=notice) for r in readers.only("pk")],
        notice.deliveries.filter(status=Status.PENDING),
        lambda delivery: mail.correction(delivery.subscriber, notice),
    )


@retrying_task
def send_digests():
    """The daily digest: to each confirmed daily subscriber, the stories that went public since
    its last digest and concern it. Reads the same number of queries whatever the number of
    subscribers; sends one email each."""
    schedule_next_digest()  # first, so that a failure below still leaves tomorrow's
    run_at = timezone.now()
    Subscriber.objects.expired().delete()
    subscribers = list(
        Subscriber.objects.receiving()
        .filter(frequency=Subscriber.Frequency.DAILY)
        .prefetch_related(*(kind.path for kind in FACETS))
    )
    if not subscribers:
        return 0
    since = min(s.last_digest_at or s.confirmed_at for s in subscribers)
    stories = list(public_stories().filter(announcement__announced_at__gte=since))
    naming = choices_naming(stories)
    done = set(
        Delivery.objects.filter(
            correction=None, article__in=stories, subscriber__in=subscribers
        ).values_list("subscriber_id", "article_id")
    )
    digests = [(s, due) for s in subscribers if (due := due_for(s, stories, naming, done))]
    sent = 0
    if digests:
        with get_connection() as connection:
            for subscriber, due in digests:
                sent += send_digest(connection, subscriber, due)
    # Every daily subscriber was served up to now (a failed send raised before this line): the
    # next digest looks no further back than this run, whether or not anything concerned it.
    Subscriber.objects.filter(pk__in=[s.pk for s in subscribers]).update(last_digest_at=run_at)
    return sent


def choices_naming(stories):
    """For each story's id, the choices ("topic:3"…) that would follow it."""
    naming = {story.pk: set() for story in stories}
    for kind in FACETS:
        pairs = kind.model.objects.filter(articles__in=stories).values_list("articles", "pk")
        for article_id, pk in pairs:
            naming[article_id].add(f"{kind.key}:{pk}")
    return naming


def due_for(subscriber, stories, naming, done):
    since = subscriber.last_digest_at or subscriber.confirmed_at
    follows = interests.followed(subscriber)
    return [
        story
        for story in stories
        if story.announcement.announced_at >= since  # a delivery is never made twice anyway
        and (subscriber.pk, story.pk) not in done
        and interests.follows(follows, naming[story.pk])
    ]


def send_digest(connection, subscriber, stories):
    Delivery.objects.bulk_create(
        [Delivery(subscriber=subscriber, article=story) for story in stories],
        ignore_conflicts=True,
    )
    ids = list(
        Delivery.objects.filter(
            subscriber=subscriber, article__in=stories, correction=None, status=Status.PENDING
        ).values_list("pk", flat=True)
    )
    if not ids:
        return False
    return send_claimed(connection, ids, mail.digest(subscriber, stories))
