import json

from django import template
from django.utils.safestring import mark_safe

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


@register.filter
def machine_datetime(value):
    """A datetime for `<time datetime>`: ISO 8601 to the second, as HTML requires."""
    return value.isoformat(timespec="seconds") if value else ""
