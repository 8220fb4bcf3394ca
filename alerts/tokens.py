"""The signed links of alert emails: never an id anyone could guess or change.

A confirmation link carries the address and what it asked for, and lasts as long as an
unconfirmed address is kept. A subscriber's link (preferences, unsubscribe) carries its id and
its key, and lasts LINK_DAYS: an older email's link leads to a page that sends a fresh one.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import UNCONFIRMED_DAYS, Subscriber

CONFIRM_SALT = "alerts.confirm"
SUBSCRIBER_SALT = "alerts.subscriber"
LINK_DAYS = 120


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def confirmation_token(email, choices, frequency):
    return signing.dumps({"e": email, "c": sorted(choices), "f": frequency}, salt=CONFIRM_SALT)


def read_confirmation(token):
    """(email, choices, frequency) of a confirmation link."""
    data = _loads(token, CONFIRM_SALT, timedelta(days=UNCONFIRMED_DAYS))
    return data["e"], data["c"], data["f"]


def subscriber_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=SUBSCRIBER_SALT)


def read_subscriber(token):
    """The subscriber a preferences or unsubscribe link is for; LinkInvalid when the address
    was deleted since (its key is gone with it)."""
    data = _loads(token, SUBSCRIBER_SALT, timedelta(days=LINK_DAYS))
    subscriber = Subscriber.objects.filter(pk=data["s"], key=data["k"]).first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber


def _loads(token, salt, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error


def absolute(path):
    return settings.SITE_URL + path


def confirm_url(email, choices, frequency):
    token = confirmation_token(email, choices, frequency)
    return absolute(reverse("alerts:confirm", kwargs={"token": token}))


def preferences_url(subscriber):
    return absolute(reverse("alerts:preferences", kwargs={"token": subscriber_token(subscriber)}))


def unsubscribe_url(subscriber):
    return absolute(reverse("alerts:unsubscribe", kwargs={"token": subscriber_token(subscriber)}))
