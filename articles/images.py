"""Uploaded images: verification, privacy-safe re-encoding and responsive renditions.

Every image an editor uploads goes through three steps:

1. `verify()` refuses anything that is not a complete JPEG, PNG or WebP within the size and pixel
   caps, with a message that names the problem. The pixel cap is checked from the header, before
   any pixel is decoded, so a decompression bomb costs nothing.
2. `sanitise()` decodes the image once, turns it upright (EXIF orientation), converts it to sRGB
   and re-encodes it with no EXIF, XMP, comments or colour profile: GPS positions and camera
   serial numbers never reach storage.
3. `make_renditions()` stores WebP and JPEG (PNG for transparent images) copies at a few widths,
   plus a 1200x630 crop for social cards, and returns a manifest that is saved with the row. Pages
   and feeds build their markup from the manifest, so serving an image never touches storage.

`ProcessedImageField` wires these into the model layer and deletes an image's files (original and
renditions) once a replacement or deletion has been committed.
"""

import io
import logging
import warnings
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.db.models.signals import post_delete, post_init, post_save
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
ACCEPTED = "JPEG, PNG or WebP"
SOCIAL_CARD_SIZE = (1200, 630)
ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}
ORIGINAL_ENCODER_OPTIONS = {**ENCODER_OPTIONS, "JPEG": {"quality": 92, "optimize": True}}


# --- 1. Verification -------------------------------------------------------------------------


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


# --- 2. Sanitising ---------------------------------------------------------------------------


def sanitise(upload, name):
    """Return the upload upright, in sRGB and without metadata, named with its true extension."""
    verify(upload)
    with Image.open(upload) as source:
        image_format = source.format
        image = _clean_pixels(source)
    content = _encode(image, image_format, ORIGINAL_ENCODER_OPTIONS)
    stem = PurePosixPath(name).stem or "image"
    return ContentFile(content, stem + EXTENSIONS[image_format])


def _clean_pixels(source):
    """Upright, sRGB, RGB(A) pixels with no metadata attached."""
    source.seek(0)  # the first frame of an animation
    image = ImageOps.exif_transpose(source)
    icc_profile = source.info.get("icc_profile")
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    image.info = {}
    return image


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _to_srgb(image, icc_profile):
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source_profile, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
        return converted or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixels as they are


def _encode(image, image_format, options=ENCODER_OPTIONS):
    if image_format == "JPEG" and image.mode != "RGB":
        image = _flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options[image_format])
    return buffer.getvalue()


def _flatten(image):
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


# --- 3. Renditions ---------------------------------------------------------------------------


def make_renditions(stored_file, widths, aspect_ratio=None, social_card=False):
    """Store renditions of an already-sanitised file and return their manifest."""
    storage = stored_file.storage
    largest_needed = max(*widths, SOCIAL_CARD_SIZE[0] if social_card else 0)
    with storage.open(stored_file.name) as handle, Image.open(handle) as image:
        original_width, original_height = image.size
        image.draft("RGB", (largest_needed, largest_needed))  # JPEG: decode at a reduced scale
        image.load()
        if aspect_ratio:
            image = _crop_to_ratio(image, aspect_ratio)
        fallback_format = "PNG" if _has_alpha(image) else "JPEG"
        folder = rendition_folder(stored_file.name)
        manifest = {"source": stored_file.name, "width": original_width, "height": original_height}
        manifest["sizes"] = _store_widths(storage, folder, image, widths, fallback_format)
        manifest["fallback_type"] = MIME_TYPES[fallback_format]
        if social_card:
            opaque = _flatten(image) if image.mode == "RGBA" else image
            card = ImageOps.fit(opaque, SOCIAL_CARD_SIZE)
            manifest["social"] = _store(storage, f"{folder}/social.jpg", card, "JPEG")
    return manifest


def rendition_folder(name):
    return "renditions/" + str(PurePosixPath(name).with_suffix(""))


def _crop_to_ratio(image, aspect_ratio):
    width_ratio, height_ratio = aspect_ratio
    height = min(image.height, round(image.width * height_ratio / width_ratio))
    width = round(height * width_ratio / height_ratio)
    return ImageOps.fit(image, (width, height), centering=(0.5, 0.35))


def _store_widths(storage, folder, image, widths, fallback_format):
    """Renditions at each width narrower than the image (or one at its own width if it is small)."""
    targets = {width for width in widths if width < image.width} | {min(max(widths), image.width)}
    fallback_extension = EXTENSIONS[fallback_format]
    sizes = []
    current = image
    for width in sorted(targets, reverse=True):  # largest first, each resized from the previous
        height = max(1, round(image.height * width / image.width))
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        webp = _store(storage, f"{folder}/{width}w.webp", current, "WEBP")
        fallback_name = f"{folder}/{width}w{fallback_extension}"
        fallback = _store(storage, fallback_name, current, fallback_format)
        sizes.append({"width": width, "height": height, "webp": webp["name"], "fallback": fallback})
    return sorted(sizes, key=lambda size: size["width"])


def _store(storage, name, image, image_format):
    content = _encode(image, image_format)
    if storage.exists(name):
        storage.delete(name)
    return {
        "name": storage.save(name, ContentFile(content)),
        "width": image.width,
        "height": image.height,
        "bytes": len(content),
    }


def manifest_files(manifest):
    """Every stored file a manifest lists."""
    names = []
    for size in manifest.get("sizes", []):
        names += [size["webp"], size["fallback"]["name"]]
    if "social" in manifest:
        names.append(manifest["social"]["name"])
    return names


def delete_files(name, manifest, storage=default_storage):
    for file_name in [name, *manifest_files(manifest)]:
        if file_name:
            try:
                storage.delete(file_name)
            except OSError:
                logger.warning("Could not delete image file %s", file_name, exc_info=True)


class Renditions:
    """Read access to a manifest, for templates, feeds and structured data."""

    def __init__(self, image_file):
        self.file = image_file
        self.manifest = {}
        if image_file:
            self.manifest = getattr(image_file.instance, image_file.field.renditions_field) or {}

    def __bool__(self):
        return bool(self.file) and bool(self.manifest.get("sizes"))

    def url(self, name):
        return self.file.storage.url(name)

    @property
    def width(self):
        return self.largest["fallback"]["width"]

    @property
    def height(self):
        return self.largest["fallback"]["height"]

    @property
    def largest(self):
        return self.manifest["sizes"][-1]

    def webp_srcset(self):
        return ", ".join(f"{self.url(s['webp'])} {s['width']}w" for s in self.manifest["sizes"])

    def fallback_srcset(self):
        return ", ".join(
            f"{self.url(s['fallback']['name'])} {s['width']}w" for s in self.manifest["sizes"]
        )

    def fallback(self, max_width):
        """The largest fallback rendition no wider than max_width (else the smallest)."""
        fitting = [s for s in self.manifest["sizes"] if s["width"] <= max_width]
        chosen = fitting[-1] if fitting else self.manifest["sizes"][0]
        return {
            **chosen["fallback"],
            "url": self.url(chosen["fallback"]["name"]),
            "type": self.manifest["fallback_type"],
        }

    def social(self):
        """The social-card crop, or the largest fallback when the image has none."""
        card = self.manifest.get("social")
        if card:
            return {**card, "url": self.url(card["name"]), "type": "image/jpeg"}
        return self.fallback(SOCIAL_CARD_SIZE[0])


# --- Model and form fields -------------------------------------------------------------------


class VerifiedImageFormField(forms.ImageField):
    """An image upload field whose errors say exactly what is wrong with the file."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            verify(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


class ProcessedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        cleaned = sanitise(content, name)
        super().save(cleaned.name, cleaned, save)


class ProcessedImageField(models.ImageField):
    """An ImageField whose files are verified, sanitised and rendered once, at upload.

    `renditions_field` names the model's JSONField that keeps the manifest; it must be declared
    after this field so the manifest written in pre_save is the one saved with the row.
    """

    attr_class = ProcessedImageFieldFile

    def __init__(self, *args, renditions_field, widths, aspect_ratio=None, social_card=False, **kw):
        self.renditions_field = renditions_field
        self.widths = tuple(widths)
        self.aspect_ratio = tuple(aspect_ratio) if aspect_ratio else None
        self.social_card = social_card
        super().__init__(*args, **kw)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(renditions_field=self.renditions_field, widths=self.widths)
        if self.aspect_ratio:
            kwargs["aspect_ratio"] = self.aspect_ratio
        if self.social_card:
            kwargs["social_card"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": VerifiedImageFormField, **kwargs})

    def pre_save(self, instance, add):
        image_file = super().pre_save(instance, add)
        manifest = getattr(instance, self.renditions_field) or {}
        if not image_file:
            manifest = {}
        elif manifest.get("source") != image_file.name:
            manifest = self._render(image_file)
        setattr(instance, self.renditions_field, manifest)
        return image_file

    def _render(self, image_file):
        try:
            return make_renditions(image_file, self.widths, self.aspect_ratio, self.social_card)
        except (OSError, UnidentifiedImageError):
            logger.exception("Could not make renditions of %s", image_file.name)
            return {}

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_files, sender=cls, weak=False)
            post_save.connect(self._delete_replaced_files, sender=cls, weak=False)
            post_delete.connect(self._delete_files_of_deleted, sender=cls, weak=False)

    def _stored_state(self, instance):
        """The committed file name and manifest, read without loading deferred fields."""
        value = instance.__dict__.get(self.attname)
        if isinstance(value, FieldFile):
            value = value.name if value._committed else ""
        name = value if isinstance(value, str) else ""
        return name, instance.__dict__.get(self.renditions_field) or {}

    def _remember_files(self, instance, **kwargs):
        remembered = instance.__dict__.setdefault("_stored_images", {})
        remembered[self.attname] = self._stored_state(instance)

    def _delete_replaced_files(self, instance, **kwargs):
        remembered = instance.__dict__.get("_stored_images", {})
        old_name, old_manifest = remembered.get(self.attname, ("", {}))
        if old_name and old_name != self._stored_state(instance)[0]:
            storage = self.storage
            transaction.on_commit(lambda: delete_files(old_name, old_manifest, storage))
        self._remember_files(instance)

    def _delete_files_of_deleted(self, instance, **kwargs):
        name, manifest = self._stored_state(instance)
        if name:
            storage = self.storage
            transaction.on_commit(lambda: delete_files(name, manifest, storage))
