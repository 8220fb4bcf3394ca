"""`ProcessedImageField`: an image field whose uploads are verified, sanitised and rendered once,
at upload, and whose files (original and renditions) are deleted once a replacement or a
deletion has been committed."""

import logging
import re
import secrets
from pathlib import PurePosixPath

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.db.models.signals import post_delete, post_init, post_save
from PIL import UnidentifiedImageError

from .renditions import delete_files, make_renditions
from .sanitising import sanitise
from .verification import verify

logger = logging.getLogger(__name__)


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


# The random part of a stored name: 80 bits, so that nobody finds a draft's image (or its
# renditions, named after it) by guessing the name it was uploaded under.
UNGUESSABLE_HEX_DIGITS = 20
UNGUESSABLE_NAME = re.compile(rf"-[0-9a-f]{{{UNGUESSABLE_HEX_DIGITS}}}\.\w+$")
LONGEST_STEM = 60


def unguessable_name(name):
    """`lab.jpg` → `lab-3f9c…e1.jpg`: the uploader's name stays readable, the random part makes
    the address impossible to guess."""
    path = PurePosixPath(name)
    random_part = secrets.token_hex(UNGUESSABLE_HEX_DIGITS // 2)
    return f"{path.stem[:LONGEST_STEM]}-{random_part}{path.suffix}"


def has_unguessable_name(name):
    return bool(UNGUESSABLE_NAME.search(name))


def remember_uploaded_name(instance, field, name):
    """Kept with the row until it is saved, when the renditions manifest records it for staff
    (see ProcessedImageField.pre_save): the stored name no longer tells it."""
    instance.__dict__.setdefault("_uploaded_names", {})[field.attname] = PurePosixPath(name).name


def original_name_of(value):
    """The name a stored image was uploaded with, from its renditions manifest ("" if unknown)."""
    field = getattr(value, "field", None)
    if not isinstance(field, ProcessedImageField) or value.instance is None:
        return ""
    return (getattr(value.instance, field.renditions_field) or {}).get("original_name", "")


class ImageInputNamingTheUpload(AdminFileWidget):
    """The admin's file input, saying under which name the current image was uploaded: the
    stored name carries a random part (see `unguessable_name`)."""

    template_name = "media/widgets/image_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["original_name"] = original_name_of(value)
        return context


class ProcessedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        cleaned = sanitise(content, name)
        remember_uploaded_name(self.instance, self.field, name)
        super().save(unguessable_name(cleaned.name), cleaned, save)


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
        if kwargs.get("widget") is AdminFileWidget:
            kwargs["widget"] = ImageInputNamingTheUpload
        return super().formfield(**{"form_class": VerifiedImageFormField, **kwargs})

    def pre_save(self, instance, add):
        image_file = super().pre_save(instance, add)
        manifest = getattr(instance, self.renditions_field) or {}
        if not image_file:
            manifest = {}
        elif manifest.get("source") != image_file.name:
            original_name = instance.__dict__.get("_uploaded_names", {}).pop(self.attname, "")
            manifest = self._render(image_file)
            if original_name:
                manifest["original_name"] = original_name
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
