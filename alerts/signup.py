"""Double opt-in: a sign-up sends one confirmation email, at most one a day per address; only
following its link makes the address receive anything."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from background.retry import retrying_task

from . import interests, mail
from .models import Subscriber
from .schedule import schedule_next_digest

ONE_MAIL_EVERY = timedelta(days=1)


def too_many_from(request):
    """More sign-ups from this client address this hour than ALERTS_SIGNUPS_PER_HOUR."""
    key = f"alerts:signups:{get_client_ip_address(request)}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the cache lost the key between the two calls
        count = 1
    # A cache that is down answers nothing (newsroom/cache.py): the sign-up is not refused for it.
    return isinstance(count, int) and count > settings.ALERTS_SIGNUPS_PER_HOUR


def first_mail_today(model_filter, field):
    """Mark that a mail goes out now, unless one went in the last day (atomic: two requests at
    once send one)."""
    now = timezone.now()
    recent = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": now - ONE_MAIL_EVERY})
    return bool(Subscriber.objects.filter(model_filter).filter(recent).update(**{field: now}))


def sign_up(email, choices, frequency):
    """Whatever the address (new, waiting, subscribed), the caller answers the same."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    if first_mail_today(Q(pk=subscriber.pk), "confirmation_sent_at"):
        send_confirmation.enqueue(email, list(choices), frequency)


@retrying_task
def send_confirmation(email, choices, frequency):
    subscriber = Subscriber.objects.filter(email=email).first()
    labelled = interests.public_choices(choices)
    if subscriber is None or not labelled:
        return False
    mail.confirmation(email, labelled, frequency, subscriber.is_receiving).send()
    return True


def confirm(email, choices, frequency):
    """Follow the confirmation link: the address receives what it asked for from now on."""
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
        now = timezone.now()
        if subscriber.frequency != frequency:
            subscriber.frequency, subscriber.last_digest_at = frequency, now
        if not subscriber.is_receiving:
            subscriber.confirmed_at = now
            subscriber.unsubscribed_at = None
            subscriber.last_digest_at = now  # the first digest holds what comes from now on
        interests.follow(subscriber, interests.public_choices(choices))
    if frequency == Subscriber.Frequency.DAILY:
        schedule_next_digest()
    return subscriber


def send_fresh_link(email):
    """A new preferences link for an address that receives alerts, at most one a day; the
    caller answers the same whether or not the address is known."""
    if first_mail_today(Q(email=email, confirmed_at__isnull=False), "link_sent_at"):
        send_link.enqueue(email)


@retrying_task
def send_link(email):
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None:
        return False
    mail.fresh_link(subscriber).send()
    return True


def change(subscriber, choices, frequency):
    """The preferences page, saved by the one its link was sent to: alerts are on again."""
    interests.keep_only(subscriber, [c for c in choices if c in interests.choices_of(subscriber)])
    changes = {"frequency": frequency, "unsubscribed_at": None}
    if frequency == Subscriber.Frequency.DAILY and subscriber.frequency != frequency:
        changes["last_digest_at"] = timezone.now()  # the first digest holds what comes next
    Subscriber.objects.filter(pk=subscriber.pk).update(**changes)
    if frequency == Subscriber.Frequency.DAILY:
        schedule_next_digest()


def unsubscribe(subscriber):
    """Stop every alert; the address and its choices stay until it deletes them."""
    Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def forget(subscriber):
    """Delete all the data kept about an address: its choices and what it was sent."""
    subscriber.delete()
