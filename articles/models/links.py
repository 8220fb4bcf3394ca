"""The rows that tie an article to what it refers to, and to its former addresses."""

from django.db import models
from django.db.models import Q
from taggit.models import TaggedItemBase

from .facets import Department, Expert, Topic

ROLES = ["quoted", "interviewed", "speaker", "keynote", "panellist", "spokesperson", "author"]


class ArticleExpert(models.Model):
    """An expert's part in one article, in the order the article presents them."""

    class Role(models.TextChoices):
        QUOTED = "quoted", "Quoted"
        INTERVIEWED = "interviewed", "Interviewed"
        SPEAKER = "speaker", "Speaker"
        KEYNOTE = "keynote", "Keynote speaker"
        PANELLIST = "panellist", "Panellist"
        SPOKESPERSON = "spokesperson", "Spokesperson"
        AUTHOR = "author", "Author"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="expert_roles"
    )
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
                condition=Q(role__in=ROLES),
                name="article_expert_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.expert} ({self.get_role_display().lower()})"


class ArticleTopic(TaggedItemBase):
    """A topic of an article: the link table behind `Article.tags` (taggit)."""

    # The unique constraint below starts with the article: an index on it alone is redundant.
    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="topic_links", db_index=False
    )
    # The index below starts with the topic, so a separate one on it alone would be redundant.
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="article_links", db_index=False
    )

    class Meta:
        verbose_name = "topic of an article"
        verbose_name_plural = "topics of articles"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="article_topic_once")
        ]
        indexes = [
            # A topic's article ids, read from the index alone (a popular topic has thousands).
            models.Index(fields=["tag", "content_object"], name="topic_links_by_topic_idx")
        ]


class ArticleDepartment(models.Model):
    """A department an article is about: the link table behind `Article.departments`, a model of
    its own so that its covering index is declared here."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="department_links"
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="article_links"
    )

    class Meta:
        # The table Django made for the many-to-many field before it had a model of its own.
        db_table = "articles_article_departments"
        unique_together = [("article", "department")]
        indexes = [
            # A department's article ids, read from the index alone.
            models.Index(fields=["department", "article"], name="department_links_idx")
        ]

    def __str__(self):
        return f"{self.department} in article {self.article_id}"


class MediaLink(models.Model):
    """Coverage of the story elsewhere: a video or podcast interview, a broadcast, a press piece."""

    class Kind(models.TextChoices):
        VIDEO_INTERVIEW = "video_interview", "Video interview"
        PODCAST = "podcast", "Podcast"
        TV = "tv", "Television"
        RADIO = "radio", "Radio"
        PRESS = "press", "Press article"
        OTHER = "other", "Other"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="media_links"
    )
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

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="former_slugs"
    )
    slug = models.SlugField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.slug
