"""Editors decide on journalists' applications (see, change: approve, reject, revoke)."""

import importlib

from django.db import migrations

groups = importlib.import_module("articles.migrations.0002_editorial_groups")


def grant(apps, schema_editor):
    groups.ensure_permissions_exist(apps)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="press", codename__in=["view_journalist", "change_journalist"]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("press", "0001_journalists"), ("articles", "0002_editorial_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
