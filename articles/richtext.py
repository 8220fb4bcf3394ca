"""The one allowlist for article bodies: what the editor offers is all the server keeps."""

import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


# nh3 writes `<`, `>` and `"` inside attribute values as entities, so in its output a tag ends at
# the first `>` and an attribute value at the next `"`.
IMAGE_TAG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE_NAME = re.compile(r'\s([^\s="]+)(?:="[^"]*")?')


def _is_own_media(url):
    """Under MEDIA_URL and staying there: no `..` segment, however spelled, leads elsewhere."""
    if not url.startswith(settings.MEDIA_URL) or not url.isprintable():
        return False
    path = unquote(urlsplit(url).path).replace("\\", "/")
    return ".." not in path.split("/")


def _keep_own_images_only(tag, attribute, value):
    if tag == "img" and attribute == "src" and not _is_own_media(value):
        return None
    return value


def _drop_images_without_source(html):
    """An image whose address was refused goes entirely, rather than stay as an empty frame."""
    return IMAGE_TAG.sub(
        lambda img: img[0] if "src" in ATTRIBUTE_NAME.findall(img[0]) else "", html
    )


def sanitize_html(html):
    """Return body HTML reduced to the allowlist; links get rel="noopener noreferrer"."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_keep_own_images_only,
        strip_comments=True,
    )
    cleaned = _drop_images_without_source(cleaned).strip()
    # The editor always leaves at least one empty paragraph; an empty body must stay empty.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned
