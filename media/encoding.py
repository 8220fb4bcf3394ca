"""The image formats the newsroom accepts and how it writes them."""

import io

from PIL import Image

EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
ACCEPTED = "JPEG, PNG or WebP"
ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
ORIGINAL_ENCODER_OPTIONS = {**ENCODER_OPTIONS, "JPEG": {"quality": 92, "optimize": True}}


def has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def encode(image, image_format, options=ENCODER_OPTIONS):
    if image_format == "JPEG" and image.mode != "RGB":
        image = flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options[image_format])
    return buffer.getvalue()


def flatten(image):
    """Transparent pixels on white: JPEG has no transparency."""
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background
