"""Share links: a draft shown to someone without an account (the expert who must approve his
quotes), through a signed, unguessable address that expires and can be revoked."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

SIGNING_SALT = "desk.preview-link"
DEFAULT_DAYS = 7
DAY_CHOICES = [(1, "1 day"), (3, "3 days"), (7, "7 days"), (14, "14 days"), (30, "30 days")]


def new_key():
    return secrets.token_urlsafe(18)  # 144 random bits


class PreviewLinkQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="preview_links"
    )
    key = models.CharField(max_length=64, default=new_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview of “{self.article}” until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("desk:shared-preview", kwargs={"token": self.token})

    @classmethod
    def create_for(cls, article, user, days=DEFAULT_DAYS):
        now = timezone.now()
        return cls.objects.create(
            article=article, created_by=user, created_at=now, expires_at=now + timedelta(days=days)
        )

    @property
    def token(self):
        # The id says which link; the random key makes it unguessable; the signature makes a
        # tampered address fail before the database is asked about the key.
        return signing.Signer(salt=SIGNING_SALT).sign(f"{self.pk}.{self.key}")

    @property
    def is_live(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self, user):
        self.revoked_at, self.revoked_by = timezone.now(), user
        self.save(update_fields=["revoked_at", "revoked_by"])

    @classmethod
    def from_token(cls, token):
        """The live link `token` names, or None (tampered, unknown, expired or revoked)."""
        try:
            link_id, key = signing.Signer(salt=SIGNING_SALT).unsign(token).split(".", 1)
            link_id = int(link_id)
        except (signing.BadSignature, ValueError):
            return None
        link = cls.objects.live().select_related("article").filter(pk=link_id).first()
        if link is None or not constant_time_compare(link.key, key):
            return None
        return link
