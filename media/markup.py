"""HTML for images, written in Python: a list page shows a picture per card, and rendering a
template for each cost more than the rest of the card. Every value is escaped (format_html)."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .renditions import Renditions

PICTURE = (
    "<picture>\n"
    '  <source type="image/webp" srcset="{webp}" sizes="{sizes}">\n'
    '  <img src="{src}" srcset="{fallback}" sizes="{sizes}" width="{width}" height="{height}"'
    ' alt="{alt}" loading="{loading}" decoding="async"{priority}>\n'
    "</picture>"
)
HIGH_PRIORITY = mark_safe(' fetchpriority="high"')


def picture(image_file, alt, sizes="100vw", loading="lazy"):
    """A responsive <picture> (WebP with a JPEG/PNG fallback) from an image's renditions; the
    original alone when it has none; nothing without an image.

    `loading="eager"` is for the one image above the fold; every other image loads lazily.
    """
    renditions = Renditions(image_file)
    if not renditions:
        if not image_file:
            return ""
        return format_html('<img src="{}" alt="{}" loading="{}">', image_file.url, alt, loading)
    return format_html(
        PICTURE,
        webp=renditions.webp_srcset(),
        sizes=sizes,
        src=renditions.fallback(800)["url"],
        fallback=renditions.fallback_srcset(),
        width=renditions.width,
        height=renditions.height,
        alt=alt,
        loading=loading,
        priority=HIGH_PRIORITY if loading == "eager" else "",
    )
