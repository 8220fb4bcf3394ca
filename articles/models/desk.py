"""What the editorial desk keeps beside an article: the press contact readers and journalists
are given, and the notes a reviewer leaves when returning a story to its author."""

from django.conf import settings
from django.db import models
from reversion.models import Revision


def press_contact_field(related_name, help_text):
    """Who answers media enquiries about the stories of a row (an article, a department)."""
    return models.ForeignKey(
        "articles.PressContact",
        verbose_name="media enquiries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=help_text,
    )


class PressContact(models.Model):
    """Who answers media enquiries about a story: its own contact, else its first department's,
    else the newsroom's default (the NEWSROOM_PRESS_CONTACT setting)."""

    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, help_text="For example Press officer.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="With the country code.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name

    def as_dict(self):
        return {"name": self.name, "role": self.role, "email": self.email, "phone": self.phone}


class ReviewNote(models.Model):
    """A reviewer's note to the author, given with "Return to author". Kept with the revision
    of that return (django-reversion's revision metadata), so the history shows it too."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="review_notes")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="review_notes"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(max_length=4000)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self):
        return self.text
