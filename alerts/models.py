"""Who asked for email alerts, about what, and what each was sent.

A subscriber is one email address, with what it follows (the whole newsroom, or topics,
experts, conferences and departments: one field per facet kind, named by its path) and how
often. Nothing is sent to an address before it confirmed (`confirmed_at`).

A delivery is one article (or one correction notice) for one subscriber; its unique pair is
what makes an alert go out at most once, whatever is re-run, withdrawn or published again.
"""

import secrets
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Conference, Department, Expert, Topic

# An address that has not followed its confirmation link by then is forgotten.
UNCONFIRMED_DAYS = 7


def new_key():
    return secrets.token_urlsafe(16)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Confirmed, and not unsubscribed: the only addresses alerts go to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def expired(self, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=UNCONFIRMED_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", "Immediately, one email per story"
        DAILY = "daily", "Once a day, a digest of the day's stories"

    email = models.EmailField(unique=True)
    # Part of every link sent to this address: a new one makes all earlier links invalid.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY
    )
    everything = models.BooleanField("all news", default=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    departments = models.ManyToManyField(Department, blank=True, related_name="+")
    experts = models.ManyToManyField(Expert, blank=True, related_name="+")
    conferences = models.ManyToManyField(Conference, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # At most one confirmation, and one fresh link, a day: a form is no way to mail-bomb anyone.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def is_receiving(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


def public_articles():
    """Only a public story can be corrected by email: the visibility rule, for the form's
    choices and the admin's autocomplete alike."""
    return Q(pk__in=Article.objects.published().values("pk"))


class CorrectionNotice(models.Model):
    """A correction an editor sends, explicitly, to everyone an article's alert went to."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", limit_choices_to=public_articles
    )
    note = models.TextField(
        help_text="What was corrected, in plain words. Sent above the article's headline."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, editable=False, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Correction to “{self.article}”"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        # Taken by a sender; a sender that dies here leaves it so, and it is never sent again.
        SENDING = "sending", "Being sent (or the sender stopped while sending)"
        SENT = "sent", "Sent"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    correction = models.ForeignKey(
        CorrectionNotice, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "article"],
                condition=Q(correction__isnull=True),
                name="alert_once_per_article",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "correction"],
                condition=Q(correction__isnull=False),
                name="correction_once_per_subscriber",
            ),
        ]
        indexes = [models.Index(fields=["status", "article"], name="delivery_status_idx")]

    def __str__(self):
        return f"{self.article} to {self.subscriber}"
