"""Accredited journalists: who applied, whether the press office approved them, and the key of
their private feeds. A journalist signs in with an account of their own, never a staff one."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_feed_key():
    return secrets.token_urlsafe(24)


class JournalistQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Journalist.Status.APPROVED, user__is_active=True)


class Journalist(models.Model):
    class Status(models.TextChoices):
        UNVERIFIED = "unverified", "Email not yet verified"
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        REVOKED = "revoked", "Revoked"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journalist"
    )
    name = models.CharField(max_length=200)
    outlet = models.CharField(max_length=200, help_text="The newspaper, broadcaster or site.")
    role = models.CharField(max_length=200, help_text="For example Health correspondent.")
    phone = models.CharField(max_length=40)
    work_url = models.URLField(
        "published work", max_length=500, help_text="A link to an article or programme of yours."
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.UNVERIFIED, db_index=True
    )
    applied_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(
        blank=True, max_length=2000, help_text="Sent to the journalist with a rejection."
    )
    wants_embargo_alerts = models.BooleanField(
        "email me embargoed stories", default=True, help_text="When a story opens to journalists."
    )
    # In the private feeds' addresses; a new one when access is revoked, so old feeds stop.
    feed_key = models.CharField(max_length=64, default=new_feed_key, unique=True, editable=False)

    objects = JournalistQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at"]

    def __str__(self):
        return f"{self.name} ({self.outlet})"

    @property
    def email(self):
        return self.user.email

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED and self.user.is_active


class PressAccess(models.Model):
    """Who opened or downloaded which story of the press room, and when: for tracing a broken
    embargo. Kept PRESS_ACCESS_LOG_DAYS (two years by default)."""

    class Kind(models.TextChoices):
        READ = "read", "Read the story"
        IMAGE = "image", "Downloaded the image"
        TEXT = "text", "Downloaded the text"
        HTML = "html", "Downloaded the HTML"
        FEED = "feed", "Read the private feed"

    journalist = models.ForeignKey(Journalist, on_delete=models.CASCADE, related_name="accesses")
    article = models.ForeignKey(
        "articles.Article", null=True, on_delete=models.CASCADE, related_name="press_accesses"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    embargoed = models.BooleanField(help_text="Whether the story was still under embargo.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "press room access"
        verbose_name_plural = "press room access log"

    def __str__(self):
        return f"{self.journalist} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


class EmbargoNotice(models.Model):
    """That journalists were told a story opened to them under embargo, for one press access
    time: told once, however often the task runs."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    press_access_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "press_access_at"], name="embargo_notice_once"
            )
        ]

    def __str__(self):
        return f"Journalists told of article {self.article_id} at {self.sent_at:%Y-%m-%d %H:%M}"
