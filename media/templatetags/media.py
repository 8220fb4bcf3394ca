from django import template

from .. import markup

register = template.Library()


@register.simple_tag
def picture(image_file, alt, sizes="100vw", loading="lazy"):
    """A responsive <picture> (WebP with a JPEG/PNG fallback) from an image's renditions.

    `loading="eager"` is for the one image above the fold; every other image loads lazily.
    """
    return markup.picture(image_file, alt, sizes=sizes, loading=loading)
