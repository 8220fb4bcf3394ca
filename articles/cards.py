"""The card of an article in a list (news, facet pages, archives, the home page, related news),
written in Python: a list page shows twenty, and through the template engine, with an include
and a picture template each, they were half of the page's time (docs/performance.md). Every
value is escaped (format_html); the markup is that of the former card template."""

from django.utils import timezone
from django.utils.html import format_html

from media.markup import picture

from .dates import long_date

DEFAULT_IMAGE_SIZES = "(min-width: 40rem) 12rem, calc(100vw - 2rem)"
HEADINGS = {"h2", "h3"}

CARD = (
    '<article class="card{has_image}">\n'
    '  <{heading} class="card-title"><a href="{url}">{title}</a></{heading}>\n'
    '  <p class="card-meta"><time datetime="{machine_date}">{date}</time>{source}</p>\n'
    '  <p class="card-summary">{summary}</p>\n'
    "  {image}\n"
    "</article>"
)


def card(article, heading="h3", image_sizes=None):
    """The card of `article` (a row of `with_cards()`), its title an `heading` element."""
    if heading not in HEADINGS:
        raise ValueError(f"A card's title is an h2 or an h3, not {heading!r}.")
    has_image = bool(article.hero_image)
    published_at = article.published_at
    image = ""
    if has_image:
        sizes = image_sizes or DEFAULT_IMAGE_SIZES
        image = format_html(
            '<div class="card-image">{}</div>', picture(article.hero_image, article.hero_alt, sizes)
        )
    return format_html(
        CARD,
        has_image=" has-image" if has_image else "",
        heading=heading,
        url=article.get_absolute_url(),
        title=article.title,
        machine_date=published_at.isoformat(timespec="seconds") if published_at else "",
        date=long_date(timezone.localtime(published_at)) if published_at else "",
        source=format_html(" · {}", article.source.name) if article.source_id else "",
        summary=article.summary,
        image=image,
    )
