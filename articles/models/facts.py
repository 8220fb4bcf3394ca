"""The read model of the public pages: what an article refers to, kept as one document per
article (articles/facts.py builds and reads it)."""

from django.db import models


class ArticleFacts(models.Model):
    """The facts an article's page shows besides its own columns — its experts with their roles,
    topics, departments, conferences, media links — and the ids of its related articles, as
    data. Rebuilt when a change to the article or to a name it shows commits; read only with an
    article that `published()` (or a staff view) already let through."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="facts"
    )
    data = models.JSONField(default=dict)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "article facts"
        verbose_name_plural = "article facts"

    def __str__(self):
        return f"Facts of article {self.article_id}"


class Highlights(models.Model):
    """A named document kept beside the news lists, built from published articles only
    (articles/kept.py): the home page's topics, experts and conferences
    (articles/highlights.py) and where the news list's deep pages start
    (articles/page_marks.py)."""

    name = models.CharField(max_length=40, primary_key=True)
    data = models.JSONField(default=dict)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "highlights"
        verbose_name_plural = "highlights"

    def __str__(self):
        return f"Highlights of {self.name}"
