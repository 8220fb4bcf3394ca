import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from .addresses import slug_address
from .images import ProcessedImageField, Renditions
from .querysets import ArticleManager, ArticleQuerySet, FacetQuerySet
from .richtext import EDITOR_EXTENSIONS, sanitize_html
from .validators import normalize_orcid, validate_not_only_digits, validate_orcid

# Saves within this time of publication (the publishing save itself) do not count as updates.
UPDATE_NOTICE_AFTER = timedelta(minutes=30)
# Fields Article.save() maintains itself, written even by a save limited to `update_fields`.
BOOKKEEPING_FIELDS = ("first_published_at", "withdrawn_at", "edit_token", "updated_at")


def unique_slug(instance, text, fallback, reserved=None):
    """A slug from `text`, made unique among the instance's model by a numeric suffix.

    `reserved` is a queryset of rows with a `slug` that counts as taken too (former addresses).
    """
    base = slugify(text)[:200] or fallback
    if base.isdigit():
        base = f"{fallback}-{base}"
    candidate, suffix = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=candidate).exists() or (
        reserved is not None and reserved.filter(slug=candidate).exists()
    ):
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


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


class Source(models.Model):
    """The publishing institution: the hospital itself, or a partner whose item is republished."""

    name = models.CharField(max_length=200, unique=True)
    url = models.URLField("website", blank=True)

    objects = FacetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(max_length=600, blank=True, help_text="One or two sentences.")

    objects = FacetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("articles:department-detail", self.slug)


class Expert(models.Model):
    class NameOrder(models.TextChoices):
        FAMILY_FIRST = "family_first", "Family name first (HUANG He)"
        GIVEN_FIRST = "given_first", "Given name first (Jane Smith)"

    honorific = models.CharField(max_length=30, blank=True, help_text="For example Prof. or Dr.")
    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100, blank=True)
    name_order = models.CharField(
        max_length=12, choices=NameOrder.choices, default=NameOrder.GIVEN_FIRST
    )
    slug = models.SlugField(max_length=200, unique=True)
    position = models.CharField(max_length=200, blank=True, help_text="For example Director.")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="experts"
    )
    affiliation = models.CharField(max_length=300, blank=True)
    bio = models.TextField("short bio", max_length=2000, blank=True)
    photo = ProcessedImageField(
        upload_to="experts/",
        blank=True,
        renditions_field="photo_renditions",
        widths=(160, 320, 640),
        aspect_ratio=(1, 1),
        help_text="A portrait (JPEG, PNG or WebP). It is cropped to a square around the face area.",
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="For example 0000-0002-1825-0097 (the orcid.org link is accepted too).",
    )
    profile_url = models.URLField("profile page", blank=True)

    objects = FacetQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["orcid"], condition=~Q(orcid=""), name="expert_orcid_unique"
            ),
            models.CheckConstraint(
                condition=Q(name_order__in=["family_first", "given_first"]),
                name="expert_name_order_valid",
            ),
        ]

    def __str__(self):
        return " ".join(part for part in (self.honorific, self.display_name) if part)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, f"{self.given_name} {self.family_name}", "expert")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("articles:expert-detail", self.slug)

    @property
    def display_name(self):
        """Family-first names show the family name in capitals, as in "HUANG He"."""
        if self.name_order == self.NameOrder.FAMILY_FIRST:
            parts = (self.family_name.upper(), self.given_name)
        else:
            parts = (self.given_name, self.family_name)
        return " ".join(part for part in parts if part)

    @property
    def portrait_alt(self):
        return f"Portrait of {self}"

    @property
    def initial(self):
        """The letter an A–Z directory files this expert under."""
        return self.family_name[:1].upper()

    def clean_fields(self, exclude=None):
        self.orcid = normalize_orcid(self.orcid)
        super().clean_fields(exclude)

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""


class Conference(models.Model):
    name = models.CharField(max_length=300, help_text="For example European CAR-T Conference.")
    edition = models.CharField(
        "edition or series", max_length=100, blank=True, help_text="For example 6th."
    )
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    website = models.URLField(blank=True)
    slug = models.SlugField(max_length=200, unique=True)

    objects = FacetQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        get_latest_by = "start_date"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="conference_ends_after_it_starts",
                violation_error_message="The conference cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        if not self.slug:
            year = self.start_date.year if self.start_date else ""
            self.slug = unique_slug(self, f"{self.full_name} {year}", "conference")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_address("articles:conference-detail", self.slug)

    @property
    def full_name(self):
        return " ".join(part for part in (self.edition, self.name) if part)

    @property
    def place(self):
        return ", ".join(part for part in (self.city, self.country) if part)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
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
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)
    created_by = staff_member("created by")
    updated_by = staff_member("last changed by")
    published_by = staff_member("published by")
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
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.ENGLISH)
    is_featured = models.BooleanField("featured", default=False)
    experts = models.ManyToManyField(
        Expert, through="ArticleExpert", blank=True, related_name="articles"
    )
    conferences = models.ManyToManyField(Conference, blank=True, related_name="articles")
    departments = models.ManyToManyField(Department, blank=True, related_name="articles")
    tags = TaggableManager(
        "topics", blank=True, help_text="Comma-separated, e.g. CAR-T, multiple myeloma."
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
    # Maintained by articles/search.py on PostgreSQL; GIN-indexed by a migration.
    search_vector = SearchVectorField(null=True, editable=False)
    # Title, summary and names only: small enough to rank thousands of matches quickly.
    search_rank_vector = SearchVectorField(null=True, editable=False)
    # The topics, departments and experts that search facets count (articles/search.py).
    search_facets = models.TextField(blank=True, default="", editable=False)

    objects = ArticleManager.from_queryset(ArticleQuerySet)()

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
        return article

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
    def was_updated_after_publication(self):
        """True when the article was edited after it went public, beyond the publishing save."""
        return bool(self.published_at and self.updated_at - self.published_at > UPDATE_NOTICE_AFTER)

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


class ArticleExpert(models.Model):
    """An expert's part in one article, in the order the article presents them."""

    class Role(models.TextChoices):
        QUOTED = "quoted", "Quoted"
        INTERVIEWED = "interviewed", "Interviewed"
        SPEAKER = "speaker", "Speaker"
        AUTHOR = "author", "Author"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="expert_roles")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="article_roles")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.QUOTED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "expert in this article"
        verbose_name_plural = "experts in this article"
        constraints = [
            models.UniqueConstraint(fields=["article", "expert"], name="article_expert_once"),
            models.CheckConstraint(
                condition=Q(role__in=["quoted", "interviewed", "speaker", "author"]),
                name="article_expert_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.expert} ({self.get_role_display().lower()})"


class MediaLink(models.Model):
    """Coverage of the story elsewhere: a video or podcast interview, a broadcast, a press piece."""

    class Kind(models.TextChoices):
        VIDEO_INTERVIEW = "video_interview", "Video interview"
        PODCAST = "podcast", "Podcast"
        TV = "tv", "Television"
        RADIO = "radio", "Radio"
        PRESS = "press", "Press article"
        OTHER = "other", "Other"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="media_links")
    title = models.CharField(max_length=300)
    url = models.URLField("address", max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VIDEO_INTERVIEW)
    provider = models.CharField(
        "provider name", max_length=200, blank=True, help_text="The outlet, journal or channel."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["video_interview", "podcast", "tv", "radio", "press", "other"]
                ),
                name="media_link_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title


class FormerSlug(models.Model):
    """An address a public article had before its slug was changed; it redirects (301)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.slug
