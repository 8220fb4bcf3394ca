from django import template

from media.renditions import Renditions

register = template.Library()


@register.inclusion_tag("media/picture.html")
def picture(image_file, alt, sizes="100vw", loading="lazy"):
    """A responsive <picture> (WebP with a JPEG/PNG fallback) from an image's renditions.

    `loading="eager"` is for the one image above the fold; every other image loads lazily.
    """
    renditions = Renditions(image_file)
    return {
        "renditions": renditions,
        "default": renditions.fallback(800) if renditions else None,
        "original_url": image_file.url if image_file and not renditions else "",
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
    }
