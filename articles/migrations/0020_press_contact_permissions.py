"""Editors manage press contacts, contributors see them (the groups of 0002)."""

import importlib

from django.db import migrations

groups = importlib.import_module("articles.migrations.0002_editorial_groups")


def grant_press_contact_permissions(apps, schema_editor):
    groups.ensure_permissions_exist(apps)
    groups.fill_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_editorial_desk")]

    operations = [migrations.RunPython(grant_press_contact_permissions, migrations.RunPython.noop)]
