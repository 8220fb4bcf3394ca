"""The first step of every upload: refuse anything that is not a complete JPEG, PNG or WebP within
the size and pixel caps, with a message that names the problem.

The pixel cap is checked from the header, before any pixel is decoded, so a decompression bomb
costs nothing.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from .encoding import ACCEPTED, EXTENSIONS


def verify(upload):
    """Raise ValidationError unless `upload` is a complete JPEG, PNG or WebP within the caps."""
    _check_byte_size(upload)
    upload.seek(0)
    _refuse_markup(upload.read(512))
    upload.seek(0)
    try:
        with _open_header(upload) as image:
            _check_format(image)
            _check_pixel_count(image.size)
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(
            f"This file is not an image we can read. Upload a {ACCEPTED} image.",
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image file is damaged or incomplete (it may not have finished uploading). "
            "Export it again and upload the new file.",
            code="damaged_image",
        ) from None
    finally:
        upload.seek(0)


def _open_header(upload):
    """Open lazily (header only). The pixel cap is ours, so Pillow's bomb warning is noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(upload)


def _check_byte_size(upload):
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}. "
            "Export a smaller version (a long side of about 3000 pixels is plenty) and upload it.",
            code="file_too_large",
        )


def _refuse_markup(head):
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ValidationError(
            f"This file is SVG, HTML or XML, which is not accepted. Upload a {ACCEPTED} image.",
            code="markup_not_accepted",
        )


def _check_format(image):
    if image.format not in EXTENSIONS:
        raise ValidationError(
            f"{image.format} images are not accepted. Upload a {ACCEPTED} image.",
            code="format_not_accepted",
        )


def _check_pixel_count(size):
    width, height = size
    if width * height > settings.NEWSROOM_IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width=None, height=None):
    limit = settings.NEWSROOM_IMAGE_MAX_PIXELS / 1_000_000
    dimensions = f" is {width} × {height} pixels and" if width else ""
    return ValidationError(
        f"This image{dimensions} has too many pixels; the limit is {limit:g} megapixels. "
        "Export a smaller version and upload it.",
        code="too_many_pixels",
    )
