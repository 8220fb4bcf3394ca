"""That an article's going public has been announced: the publication event's record."""

from django.db import models
from django.utils import timezone


class Announcement(models.Model):
    """One row while an article is public and `article_went_public` was sent for it
    (articles/publication.py). Its unique article is what makes the event happen once per
    going-public, however many processes see the article become public; a withdrawal deletes
    it, so that a re-publication is announced again."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="announcement"
    )
    public_at = models.DateTimeField(
        help_text="The article's publication time when it went public."
    )
    announced_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "publication announcement"

    def __str__(self):
        return f"{self.article} went public at {self.public_at:%Y-%m-%d %H:%M}"
