import json

from django import template
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from media.renditions import Renditions

from .. import cards, dates
from ..services import display_name, when

register = template.Library()

# The characters that could end the script element or start markup inside it.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def _with_context(data):
    return {"@context": "https://schema.org", **data}


@register.simple_tag
def json_ld(data):
    """Render schema.org data as a script element that no field content can break out of."""
    items = [data] if isinstance(data, dict) else list(data)
    blocks = [
        '<script type="application/ld+json">'
        + json.dumps(_with_context(item), ensure_ascii=False).translate(SCRIPT_SAFE)
        + "</script>"
        for item in items
    ]
    return mark_safe("\n".join(blocks))


@register.filter(expects_localtime=True)
def long_date(value):
    """A date as "23 April 2024" (articles/dates.py)."""
    return dates.long_date(value)


@register.simple_tag
def article_card(article, heading="h3", image_sizes=None):
    """An article's card in a list (articles/cards.py)."""
    return cards.card(article, heading=heading or "h3", image_sizes=image_sizes)


@register.filter
def machine_datetime(value):
    """A datetime for `<time datetime>`: ISO 8601 to the second, as HTML requires."""
    return value.isoformat(timespec="seconds") if value else ""


@register.inclusion_tag("articles/includes/social_image.html", takes_context=True)
def social_image_meta(context, image_file=None, alt=""):
    """OpenGraph image tags: the image's 1200x630 social card, or the site's default card."""
    request = context["request"]
    renditions = Renditions(image_file) if image_file else None
    if renditions:
        card = renditions.social()
        card["url"] = request.build_absolute_uri(card["url"])
    else:
        card = {
            "url": context["default_social_image"],
            "width": 1200,
            "height": 630,
            "type": "image/png",
        }
        alt = context["site_name"]
    return {"card": card, "alt": alt}


@register.filter
def alert_query(article):
    """`?topic=…&expert=…`: the facets of an article (its prefetched relations), as the
    parameters of the email alerts page, which offers each."""
    pairs = [("expert", role.expert.slug) for role in article.expert_roles.all()]
    pairs += [("topic", tag.slug) for tag in article.tags.all()]
    pairs += [("conference", conference.slug) for conference in article.conferences.all()]
    pairs += [("department", department.slug) for department in article.departments.all()]
    return urlencode(pairs)


@register.filter
def staff_name(user):
    """A member of staff by name, for the desk's pages; an account since removed is said so."""
    return display_name(user)


@register.filter
def desk_time(moment):
    """23 April 2024, 09:00, in the newsroom's time zone (the desk's way of writing a moment)."""
    return when(moment) if moment else ""
