"""Admin form data as the browser sends it, and the errors the admin answers with."""

from django.urls import reverse
from django.utils.timezone import localtime


def admin_url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def article_form(**overrides):
    """A complete add-article POST, as the admin form sends it, with no inline rows."""
    data = {
        "title": "Cell therapy team presents in Europe",
        "slug": "",
        "summary": "Our haematologists presented new results.",
        "body": "<p>New results were presented.</p>",
        "published_at_0": "",
        "published_at_1": "",
        "byline": "",
        "language": "en",
        "source": "",
        "original_url": "",
        "tags": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "expert_roles-TOTAL_FORMS": "0",
        "expert_roles-INITIAL_FORMS": "0",
        "media_links-TOTAL_FORMS": "0",
        "media_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def editing(article):
    """What the change form carries besides its fields: the edit token it was opened with."""
    return {"opened_edit_token": str(article.edit_token)}


def errors_of(response):
    form = response.context["adminform"].form
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


EXPERT_ROLE_FIELDS = ("expert_id", "role", "order")
MEDIA_LINK_FIELDS = ("title", "url", "kind", "provider", "order")


def change_form(article, **overrides):
    """The change form of `article` as the browser sends it back unchanged, inline rows included."""
    published_at = localtime(article.published_at) if article.published_at else None
    data = article_form(
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        body=article.body,
        published_at_0=f"{published_at:%Y-%m-%d}" if published_at else "",
        published_at_1=f"{published_at:%H:%M:%S}" if published_at else "",
        byline=article.byline,
        language=article.language,
        source=article.source_id or "",
        original_url=article.original_url,
        departments=[department.pk for department in article.departments.all()],
        conferences=[conference.pk for conference in article.conferences.all()],
        tags=", ".join(sorted(article.tags.names())),
        hero_alt=article.hero_alt,
        hero_caption=article.hero_caption,
        hero_credit=article.hero_credit,
        **editing(article),
    )
    if article.is_featured:
        data["is_featured"] = "on"
    _inline_rows(data, "expert_roles", article.expert_roles.all(), EXPERT_ROLE_FIELDS)
    _inline_rows(data, "media_links", article.media_links.all(), MEDIA_LINK_FIELDS)
    data.update(overrides)
    return data


def _inline_rows(data, prefix, rows, fields):
    rows = list(rows)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = row.pk
        data[f"{prefix}-{index}-article"] = row.article_id
        for field in fields:
            data[f"{prefix}-{index}-{field.removesuffix('_id')}"] = getattr(row, field)
