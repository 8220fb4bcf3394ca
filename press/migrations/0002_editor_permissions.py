"""Editors decide on journalists' applications (see, change: approve, reject, revoke)."""

import importlib

from django.db import migrations

groups = importlib.import_module("articles.migrations.0002_editorial_groups")


def grant(apps, schema_editor):
    # The Editors' permissions are one table, articles 0002's (the browser tests refill it).
    groups.ensure_permissions_exist(apps)
    groups.fill_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("press", "0001_journalists"), ("articles", "0002_editorial_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
