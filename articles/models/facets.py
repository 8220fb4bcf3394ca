"""What an article refers to: its source, and the facets readers browse it by (topics, experts,
conferences, departments), each with its own page and feed (see articles/facets.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from taggit.models import TagBase

from media.fields import ProcessedImageField

from ..addresses import slug_address, unique_slug
from ..querysets import FacetQuerySet
from ..validators import normalize_orcid, validate_orcid
from .desk import press_contact_field

FALLBACK_TOPIC_SLUG = "topic"


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
    press_contact = press_contact_field(
        "departments", "Given on the department's stories that name no contact of their own."
    )

    objects = FacetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, "department")
        super().save(*args, **kwargs)

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
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="The web address; made from the name, in the order it is shown, if left empty.",
    )
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
            # In the order the name is shown: HUANG He is huang-he, Jane Smith is jane-smith.
            self.slug = unique_slug(self, self.display_name, "expert")
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
        # In the order they are listed: the home page's latest conferences with published news
        # walk it and stop at the fourth, where sorting them all first checked every one.
        indexes = [
            models.Index(fields=["-start_date", "name"], name="conference_listing_order_idx")
        ]
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


class Topic(TagBase):
    """A subject of the news ("CAR-T", "骨髓移植"): a taggit tag of the newsroom's own, so that it
    has a page, an order and the facets' queryset like every other facet. Its slug keeps
    non-Latin names readable (/topics/骨髓移植/)."""

    objects = FacetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def get_absolute_url(self):
        return slug_address("articles:topic-detail", self.slug)

    def slugify(self, tag, i=None):
        """taggit's slug, or "topic" for a name with no letter or digit ("!!!", "&", an emoji):
        an empty slug has no address. taggit adds "_1", "_2"... while the slug is taken."""
        slug = super().slugify(tag) or FALLBACK_TOPIC_SLUG
        return slug if i is None else f"{slug}_{i}"
