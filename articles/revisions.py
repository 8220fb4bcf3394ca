"""Revisions of articles (django-reversion): what is recorded, how two revisions compare, and
how one is restored or a deleted article recovered.

An article's revision holds the article with its expert roles, media links and topic links, so
restoring one brings all of them back.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from reversion.models import Version

from .addresses import unique_slug
from .models import (
    Article,
    ArticleDepartment,
    ArticleExpert,
    ArticleTopic,
    Conference,
    Department,
    Expert,
    MediaLink,
    Source,
    Topic,
)
from .services import revision_by

# Registered on import; the admin and the app config import this module before any save.
# The edit token is left out: every save makes a new one.
reversion.register(ArticleExpert)
reversion.register(MediaLink)
reversion.register(ArticleTopic)
reversion.register(ArticleDepartment)
reversion.register(
    Article,
    follow=("expert_roles", "media_links", "topic_links", "department_links"),
    exclude=("edit_token", "tags"),
)
# Revisions saved before departments had a link model of their own hold them in the article's
# own version, as a list of ids.
LEGACY_DEPARTMENTS = "departments"


def history(article):
    """The article's revisions, newest first."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


# Restoring a revision brings back what the article says and how it is classified; where and
# whether it is published, and its image, stay as they are now (see restore_revision).
KEPT_ON_RESTORE = (
    "slug",
    "status",
    "published_at",
    "first_published_at",
    "published_by",
    "withdrawn_at",
    "is_featured",
    "created_at",
    "created_by",
    "hero_image",
    "hero_renditions",
    "hero_alt",
    "hero_caption",
    "hero_credit",
)


def missing_references(version):
    """What a revision needs that has since been deleted (an expert, a topic, a source...).

    References that may be empty (who created or changed the article) are not needed.
    """
    missing = set()
    for model, member in [(Article, version), *_followed_versions(version)]:
        values = member.field_dict
        for field in model._meta.concrete_fields:
            value = values.get(field.attname)
            if field.many_to_one and value is not None and field.related_model is not Article:
                if field.null or _exists(field.related_model, [value]):
                    continue
                missing.add(field.related_model._meta.verbose_name)
        for field in model._meta.many_to_many:
            pks = values.get(field.attname)
            if isinstance(pks, list) and pks and not _exists(field.related_model, pks):
                missing.add(field.related_model._meta.verbose_name)
    return sorted(missing)


def _exists(model, pks):
    return model._default_manager.filter(pk__in=pks).count() == len(set(pks))


def restore_revision(version, user):
    """Bring back an article's text, classification, experts, media links and topics as they were
    in `version`'s revision, or recover a deleted article from it.

    An existing article keeps its address, publication state and image: restoring old text never
    breaks a link or takes a story off the site, and a replaced image's files no longer exist.
    A recovered article gets its image back only if its files are still in storage.
    """
    if missing := missing_references(version):
        raise ValidationError(
            f"This revision refers to a {' and a '.join(missing)} that has since been deleted, so "
            "it cannot be restored. Restore a later revision, or edit the article instead."
        )
    current = Article.objects.filter(pk=version.object_id).first()
    saved_on = date_format(timezone.localtime(version.revision.date_created), "j F Y, H:i")
    action = "Restored the revision" if current else "Recovered from the revision"
    with revision_by(user, f"{action} of {saved_on}"):
        article = _article_as_in(version, current)
        if article.status == Article.Status.PUBLISHED and (errors := article.publication_errors()):
            raise ValidationError(
                "This revision cannot be restored while the article is published: "
                + " ".join(errors.values())
            )
        article.updated_by = user
        article.save(force_insert=current is None)
        for name in RESTORED_RELATIONS:
            getattr(article, name).set(version.field_dict.get(name) or [])
        _restore_followed_rows(version, article)
        if LEGACY_DEPARTMENTS in version.field_dict:
            article.departments.set(version.field_dict[LEGACY_DEPARTMENTS])
    return article


# Many-to-many fields saved in the article's own version; the other relations are their own rows.
RESTORED_RELATIONS = ("conferences",)
NOT_RESTORED = ("id", "edit_token", "updated_at", "updated_by")


def _article_as_in(version, current):
    values = version.field_dict
    article = current or Article(pk=version.object_id)
    for field in Article._meta.concrete_fields:
        if field.name in NOT_RESTORED or (current and field.name in KEPT_ON_RESTORE):
            continue
        setattr(article, field.attname, values.get(field.attname, field.get_default()))
    if current is None:
        _recover_address_and_image(article)
    return article


def _recover_address_and_image(article):
    for field in ("created_by", "published_by"):
        user_id = getattr(article, f"{field}_id")
        if user_id and not get_user_model()._default_manager.filter(pk=user_id).exists():
            setattr(article, f"{field}_id", None)
    taken = Article.objects.filter(slug=article.slug).exists()
    if taken or article._reserved_slugs().filter(slug=article.slug).exists():
        article.slug = unique_slug(article, article.slug, "article", article._reserved_slugs())
    image = article.hero_image
    if image and not image.storage.exists(image.name):
        article.hero_image = ""
        article.hero_renditions = {}
        article.hero_alt = article.hero_caption = article.hero_credit = ""


def _restore_followed_rows(version, article):
    """Expert roles, media links, topic and department links: as in the revision, no more, no
    fewer."""
    members = _followed_versions(version)
    kept = {}
    for model, member in members:
        kept.setdefault(model, []).append(member.object_id)
    article.expert_roles.exclude(pk__in=kept.get(ArticleExpert, [])).delete()
    article.media_links.exclude(pk__in=kept.get(MediaLink, [])).delete()
    article.topic_links.exclude(pk__in=kept.get(ArticleTopic, [])).delete()
    article.department_links.exclude(pk__in=kept.get(ArticleDepartment, [])).delete()
    for _, member in members:
        member.revert()


def _followed_versions(version):
    """(model, version) of the expert roles, media links, topic and department links saved with
    the article.

    One revision can hold several articles (an admin action on a selection): keep this one's.
    """
    article_id = int(version.object_id)
    followed = []
    for member in version.revision.version_set.select_related("content_type"):
        model = member.content_type.model_class()
        column = FOLLOWED_ARTICLE_COLUMNS.get(model)
        if column and member.field_dict[column] == article_id:
            followed.append((model, member))
    return followed


# The rows a revision holds with the article, and their column naming it.
FOLLOWED_ARTICLE_COLUMNS = {
    ArticleExpert: "article_id",
    MediaLink: "article_id",
    ArticleTopic: "content_object_id",
    ArticleDepartment: "article_id",
}


@dataclass
class Line:
    label: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new

    @property
    def diff(self):
        return word_diff(self.old, self.new)


def snapshot(version):
    """What a revision says, as (label, text) pairs an editor can read and compare."""
    values = version.field_dict
    followed = _followed_versions(version)
    status = dict(Article.Status.choices).get(values.get("status"), values.get("status"))
    published_at = values.get("published_at")
    return [
        ("Headline", values.get("title", "")),
        ("Address", values.get("slug", "")),
        ("Summary", values.get("summary", "")),
        ("Text", _body_text(values.get("body", ""))),
        ("Status", str(status)),
        ("Publication date", _when(published_at) if published_at else ""),
        ("Featured", "yes" if values.get("is_featured") else "no"),
        ("Byline", values.get("byline", "")),
        ("Language", dict(Article.Language.choices).get(values.get("language"), "")),
        ("Source", _names(Source, [values.get("source_id")])),
        ("Original address", values.get("original_url", "")),
        ("Departments", _names(Department, _department_ids(values, followed))),
        ("Conferences", _names(Conference, values.get("conferences"))),
        (
            "Topics",
            _names(Topic, [v.field_dict["tag_id"] for m, v in followed if m is ArticleTopic]),
        ),
        ("Experts", _experts([v.field_dict for m, v in followed if m is ArticleExpert])),
        ("Media links", _media([v.field_dict for m, v in followed if m is MediaLink])),
        ("Image", str(values.get("hero_image") or "").rsplit("/", 1)[-1]),
        ("Image alt text", values.get("hero_alt", "")),
        ("Image caption", values.get("hero_caption", "")),
        ("Image credit", values.get("hero_credit", "")),
    ]


def _department_ids(values, followed):
    if LEGACY_DEPARTMENTS in values:
        return values[LEGACY_DEPARTMENTS]
    return [v.field_dict["department_id"] for m, v in followed if m is ArticleDepartment]


def compare(old_version, new_version):
    """The lines that differ between two revisions."""
    old, new = snapshot(old_version), snapshot(new_version)
    lines = [
        Line(label, before, after) for (label, before), (_, after) in zip(old, new, strict=True)
    ]
    return [line for line in lines if line.changed]


def restore_preview(current_version, version):
    """What restoring `version` over the article's latest revision would change."""
    return [line for line in compare(current_version, version) if line.label not in KEPT_LABELS]


def recover_preview(version):
    """What recovering a deleted article from `version` brings back."""
    return [Line(label, "", text) for label, text in snapshot(version) if text]


# The snapshot lines that restoring leaves as they are (see KEPT_ON_RESTORE).
KEPT_LABELS = {
    "Address",
    "Status",
    "Publication date",
    "Featured",
    "Image",
    "Image alt text",
    "Image caption",
    "Image credit",
}


WORD = re.compile(r"\n|[^\s]+")


def word_diff(old, new):
    """HTML marking removed words with <del> and added words with <ins>; the rest escaped."""
    before, after = WORD.findall(old), WORD.findall(new)
    parts = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(after[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))


def _body_text(html):
    paragraphs = re.split(r"</(?:p|h[2-4]|li|blockquote|figcaption)>", html or "")
    return "\n".join(text for p in paragraphs if (text := " ".join(strip_tags(p).split())))


def _when(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _names(model, pks):
    pks = [pk for pk in pks or [] if pk is not None]
    return ", ".join(str(row) for row in model._default_manager.filter(pk__in=pks))


def _experts(roles):
    experts = Expert.objects.filter(pk__in=[role["expert_id"] for role in roles])
    names = {expert.pk: str(expert) for expert in experts}
    labels = dict(ArticleExpert.Role.choices)
    return ", ".join(
        f"{names.get(role['expert_id'], '?')} ({labels.get(role['role'], role['role'])})"
        for role in sorted(roles, key=lambda role: (role["order"], role["id"]))
    )


def _media(links):
    links = sorted(links, key=lambda link: (link["order"], link["id"]))
    return "\n".join(f"{link['title']} <{link['url']}>" for link in links)
