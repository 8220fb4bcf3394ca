"""The news item itself: what it says, where it stands in its publication life, and what the
public may see of it (`Article.objects.published()`, `Article.is_published`)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from media.fields import ProcessedImageField
from media.renditions import Renditions

from ..addresses import slug_address, unique_slug
from ..querysets import ArticleQuerySet
from ..richtext import EDITOR_EXTENSIONS, sanitize_html
from ..validators import validate_not_only_digits
from .desk import PressContact, press_contact_field
from .facets import Conference, Department, Expert, Source
from .links import ArticleTopic, FormerSlug

# Changes within this time of going public (a typo fixed at once) do not count as updates.
UPDATE_NOTICE_AFTER = timedelta(minutes=30)
# What a reader sees of an article: a change to one of these after it went public is an update.
PUBLIC_CONTENT_FIELDS = (
    "title",
    "summary",
    "body",
    "byline",
    "source_id",
    "original_url",
    "hero_image",
    "hero_alt",
    "hero_caption",
    "hero_credit",
)
# Fields Article.save() maintains itself, written even by a save limited to `update_fields`.
BOOKKEEPING_FIELDS = (
    "first_published_at",
    "withdrawn_at",
    "edit_token",
    "updated_at",
    "content_changed_at",
)


def staff_member(verbose_name):
    """Who did something to an article; kept when the account is deleted, as an empty value."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class State(models.TextChoices):
        """Where an article stands, as a person reads it: the status, with a published article
        whose time has not come yet told apart as scheduled."""

        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        CHINESE = "zh-hans", "Chinese (simplified)"
        FRENCH = "fr", "French"
        GERMAN = "de", "German"
        SPANISH = "es", "Spanish"

    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        blank=True,
        validators=[validate_not_only_digits],
        help_text="The web address; made from the title if left empty. If it changes after "
        "publication, the old address keeps working and redirects to the new one.",
    )
    summary = models.TextField(
        max_length=600,
        blank=True,
        help_text="Plain text, shown in lists, feeds and search results.",
    )
    body = ProseEditorField(extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="A future date schedules the article: it goes public at that moment.",
    )
    press_access_at = models.DateTimeField(
        "press access time",
        null=True,
        blank=True,
        help_text="For an embargoed story: when approved journalists may read it in the press "
        "room, before its publication time. Leave empty: nobody sees it before it is public.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)
    created_by = staff_member("created by")
    updated_by = staff_member("last changed by")
    published_by = staff_member("published by")
    submitted_by = staff_member("submitted for review by")
    submitted_at = models.DateTimeField(
        "submitted for review", null=True, blank=True, editable=False
    )
    # Set when what readers see changes after the article went public: the "Updated" notice.
    content_changed_at = models.DateTimeField(
        "public text last changed", null=True, blank=True, editable=False
    )
    # A fresh value on every save: a form carries the one it was opened with, so a save based on
    # an outdated copy is detected (optimistic concurrency, see ArticleAdminForm).
    edit_token = models.UUIDField(default=uuid.uuid4, editable=False)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    original_url = models.URLField(
        "original address", blank=True, help_text="Where the item first appeared, if elsewhere."
    )
    byline = models.CharField(max_length=200, blank=True)
    press_contact = press_contact_field(
        "articles", "Leave empty to use the first department's contact, else the newsroom's."
    )
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.ENGLISH)
    is_featured = models.BooleanField("featured", default=False)
    experts = models.ManyToManyField(
        Expert, through="ArticleExpert", blank=True, related_name="articles"
    )
    conferences = models.ManyToManyField(Conference, blank=True, related_name="articles")
    departments = models.ManyToManyField(
        Department, through="ArticleDepartment", blank=True, related_name="articles"
    )
    tags = TaggableManager(
        "topics",
        through=ArticleTopic,
        related_name="articles",
        blank=True,
        help_text="Comma-separated, e.g. CAR-T, multiple myeloma.",
    )
    hero_image = ProcessedImageField(
        "image",
        upload_to="articles/%Y/%m/",
        blank=True,
        renditions_field="hero_renditions",
        widths=(480, 800, 1200, 1600),
        social_card=True,
        help_text="JPEG, PNG or WebP. Phone photos are fine: they are turned upright, resized "
        "and stripped of location and camera data.",
    )
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    hero_alt = models.CharField(
        "image alt text",
        max_length=300,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required to publish an image.",
    )
    hero_caption = models.CharField("image caption", max_length=300, blank=True)
    hero_credit = models.CharField("image credit", max_length=200, blank=True)
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", "Can publish, schedule, withdraw and feature articles"),
        ]
        indexes = [
            # Every public list: its order, with the id, so a page's ids come from the index alone.
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_public_order_idx"
            ),
            # Whether an article is public, by its id, from the index alone: the check a facet's
            # links make of each article they point at (a popular topic's page and count).
            models.Index(fields=["id", "status", "published_at"], name="article_public_by_id_idx"),
            models.Index(
                fields=["-published_at"],
                condition=Q(status="published", is_featured=True),
                name="article_featured_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "published", "withdrawn"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (
                    Q(published_at__isnull=False, source__isnull=False)
                    & ~Q(title="")
                    & ~Q(summary="")
                    & ~Q(body="")
                ),
                name="article_published_is_complete",
                violation_error_message="A published article needs a title, summary, body, "
                "source and publication date.",
            ),
            models.CheckConstraint(
                condition=Q(press_access_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(press_access_at__lt=models.F("published_at")),
                name="article_press_access_before_publication",
                violation_error_message="Journalists get an embargoed story before it is public: "
                "the press access time must come before the publication time.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(hero_image="") | ~Q(hero_alt=""),
                name="article_published_image_has_alt",
                violation_error_message="A published image needs alt text.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, update_fields=None, **kwargs):
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, self.title, "article", reserved=self._reserved_slugs())
        if self._public_content_changed():
            self.content_changed_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
        if self.status != self.Status.WITHDRAWN:
            self.withdrawn_at = None
        elif self.withdrawn_at is None:
            self.withdrawn_at = timezone.now()
        self.edit_token = uuid.uuid4()
        if update_fields is not None:
            update_fields = {*update_fields, *BOOKKEEPING_FIELDS}
        with transaction.atomic():
            super().save(*args, update_fields=update_fields, **kwargs)
            self._keep_former_slug()

    def get_absolute_url(self):
        return slug_address("articles:article-detail", self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._stored_slug = article.__dict__.get("slug")
        article.remember_schedule()
        return article

    def _public_content_changed(self):
        """True when this save changes what readers of the public article have seen. The
        stored text is read only here, on the save of a public article, not on every load."""
        status, published_at = getattr(self, "_stored_schedule", (None, None))
        now = timezone.now()
        was_public = status == self.Status.PUBLISHED and published_at and published_at <= now
        if not was_public or self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list(*PUBLIC_CONTENT_FIELDS).first()
        current = tuple(str(getattr(self, name)) for name in PUBLIC_CONTENT_FIELDS)
        if stored is None or tuple(str(value) for value in stored) == current:
            return False
        went_public = max(published_at, self.first_published_at or published_at)
        return now - went_public > UPDATE_NOTICE_AFTER

    def remember_schedule(self):
        """What schedule_changed() and embargo_changed() compare with: as stored."""
        self._stored_schedule = (self.__dict__.get("status"), self.__dict__.get("published_at"))
        self._stored_press_access = self.__dict__.get("press_access_at")

    def embargo_changed(self):
        """True when the press access time differs from the one last read or saved (or the
        article was never read), or the schedule did."""
        stored = getattr(self, "_stored_press_access", object())
        return stored != self.press_access_at or self.schedule_changed()

    def schedule_changed(self):
        """True when the status or publication time differ from those last read or saved (or
        the article was never read: new, or loaded from a fixture)."""
        return getattr(self, "_stored_schedule", None) != (self.status, self.published_at)

    def _reserved_slugs(self):
        return FormerSlug.objects.exclude(article_id=self.pk)

    def _keep_former_slug(self):
        """A public article's previous address keeps working: it redirects to the new one."""
        stored_slug, self._stored_slug = getattr(self, "_stored_slug", None), self.slug
        if not stored_slug or stored_slug == self.slug:
            return
        FormerSlug.objects.filter(article=self, slug=self.slug).delete()
        if self.was_ever_published:
            FormerSlug.objects.update_or_create(slug=stored_slug, defaults={"article": self})

    @property
    def hero(self):
        """The hero image's renditions, for templates, feeds and structured data."""
        return Renditions(self.hero_image)

    @property
    def is_published(self):
        """The same rule as `Article.objects.published()`, for one article in memory."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_embargoed(self):
        """Scheduled, and open to approved journalists now (`ArticleQuerySet.embargoed()`)."""
        return (
            self.is_scheduled
            and self.press_access_at is not None
            and self.press_access_at <= timezone.now()
        )

    @property
    def was_updated_after_publication(self):
        """True when what readers see changed after the article went public."""
        return self.content_changed_at is not None

    @property
    def modified_at(self):
        """When the public content last changed: its publication, or its latest update."""
        return self.content_changed_at or self.published_at

    @property
    def media_contact(self):
        """Who answers media enquiries about this story: its own press contact, else its first
        department's (reads the prefetched departments), else the newsroom's (a setting)."""
        if self.press_contact_id:
            return self.press_contact
        for department in self.departments.all():
            if department.press_contact_id:
                return department.press_contact
        return PressContact(**settings.NEWSROOM_PRESS_CONTACT)

    @property
    def state(self):
        if self.status == self.Status.PUBLISHED:
            return self.State.SCHEDULED if self.is_scheduled else self.State.PUBLISHED
        return self.State(self.status)

    @property
    def was_ever_published(self):
        return self.first_published_at is not None

    @property
    def is_withdrawn(self):
        """Withdrawn after it was public: its address answers 410 Gone with a short notice."""
        return self.status == self.Status.WITHDRAWN and self.was_ever_published

    def publication_errors(self):
        """What is missing before this article may be published, keyed by field."""
        required = {
            "title": "Add a headline before publishing.",
            "summary": "Add a summary before publishing: it is shown in lists and feeds.",
            "body": "Add the article text before publishing.",
            "source": "Choose the source (publishing institution) before publishing.",
            "published_at": "Set the publication date and time before publishing "
            "(use “Now” to publish immediately, or a future time to schedule).",
        }
        errors = {
            field: message
            for field, message in required.items()
            if not getattr(self, "source_id" if field == "source" else field)
        }
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the image in its alt text before publishing."
        return errors

    def embargo_errors(self, published_at):
        """What is wrong with the press access time for a publication at `published_at`."""
        if self.press_access_at is None or published_at is None:
            return {}
        if self.press_access_at >= published_at:
            return {
                "press_access_at": "The press access time must come before the publication "
                "time: journalists read an embargoed story before it is public."
            }
        return {}

    def clean(self):
        self.body = sanitize_html(self.body)
        errors = {}
        if self.status == self.Status.PUBLISHED:
            errors.update(self.publication_errors())
        if self.slug and (former := self._reserved_slugs().filter(slug=self.slug).first()):
            errors["slug"] = (
                f"This address used to belong to “{former.article}” and still leads there. "
                "Choose another one."
            )
        if errors:
            raise ValidationError(errors)
