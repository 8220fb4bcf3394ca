"""`manage.py rename_uploaded_images`: gives every image stored under the name it was uploaded
with (before names carried a random part) a new, unguessable name, with new renditions; the old
files are deleted once each row is saved. Run once after upgrading; running it again finds
nothing to do."""

from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models.fields.files import ImageFieldFile

from media.fields import (
    ProcessedImageField,
    has_unguessable_name,
    remember_uploaded_name,
    unguessable_name,
)


def processed_image_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ProcessedImageField):
                yield model, field


class Command(BaseCommand):
    help = "Rename uploaded images stored under a guessable name (their renditions too)."

    def handle(self, *args, **options):
        renamed = missing = 0
        for model, field in processed_image_fields():
            for instance in model._default_manager.exclude(**{field.attname: ""}).iterator():
                image = getattr(instance, field.attname)
                if has_unguessable_name(image.name):
                    continue
                if not image.storage.exists(image.name):
                    self.stderr.write(f"Missing file, left as it is: {image.name}")
                    missing += 1
                    continue
                rename(instance, field, image)
                renamed += 1
        self.stdout.write(f"Renamed {renamed} images; {missing} missing.")


def rename(instance, field, image):
    """Stored again, as it is (it was cleaned at upload), under an unguessable name."""
    original_name = PurePosixPath(image.name).name
    with image.storage.open(image.name) as handle:
        content = ContentFile(handle.read())
    with transaction.atomic():
        # The plain ImageFieldFile.save: the bytes were verified and cleaned when uploaded.
        ImageFieldFile.save(image, unguessable_name(original_name), content, save=False)
        remember_uploaded_name(instance, field, original_name)
        instance.save(update_fields=[field.attname, field.renditions_field])
