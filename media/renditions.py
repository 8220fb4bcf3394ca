"""The third step of every upload: WebP and JPEG (PNG for transparent images) copies at a few
widths, plus a 1200x630 crop for social cards, described by a manifest saved with the row.

Pages and feeds build their markup from the manifest (`Renditions`), so serving an image never
touches storage.
"""

import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from .encoding import EXTENSIONS, MIME_TYPES, encode, flatten, has_alpha

logger = logging.getLogger(__name__)

SOCIAL_CARD_SIZE = (1200, 630)


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
        fallback_format = "PNG" if has_alpha(image) else "JPEG"
        folder = rendition_folder(stored_file.name)
        manifest = {"source": stored_file.name, "width": original_width, "height": original_height}
        manifest["sizes"] = _store_widths(storage, folder, image, widths, fallback_format)
        manifest["fallback_type"] = MIME_TYPES[fallback_format]
        if social_card:
            opaque = flatten(image) if image.mode == "RGBA" else image
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
    content = encode(image, image_format)
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
