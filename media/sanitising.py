"""The second step of every upload: decode the image once, turn it upright (EXIF orientation),
convert it to sRGB and re-encode it with no EXIF, XMP, comments or colour profile, so that GPS
positions and camera serial numbers never reach storage."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

from .encoding import EXTENSIONS, ORIGINAL_ENCODER_OPTIONS, encode, has_alpha
from .verification import verify


def sanitise(upload, name):
    """Return the upload upright, in sRGB and without metadata, named with its true extension."""
    verify(upload)
    with Image.open(upload) as source:
        image_format = source.format
        image = _clean_pixels(source)
    content = encode(image, image_format, ORIGINAL_ENCODER_OPTIONS)
    stem = PurePosixPath(name).stem or "image"
    return ContentFile(content, stem + EXTENSIONS[image_format])


def _clean_pixels(source):
    """Upright, sRGB, RGB(A) pixels with no metadata attached."""
    source.seek(0)  # the first frame of an animation
    image = ImageOps.exif_transpose(source)
    icc_profile = source.info.get("icc_profile")
    image = image.convert("RGBA" if has_alpha(image) else "RGB")
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    image.info = {}
    return image


def _to_srgb(image, icc_profile):
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source_profile, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
        return converted or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixels as they are
