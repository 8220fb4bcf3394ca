"""Editors see subscribers, deliveries and the task worker's results (failed tasks among them),
and send corrections."""

import importlib

from django.db import migrations

groups = importlib.import_module("articles.migrations.0002_editorial_groups")

EDITOR_PERMISSIONS = {
    "alerts": ["view_subscriber", "view_delivery", "add_correctionnotice", "view_correctionnotice"],
    "django_tasks_database": ["view_dbtaskresult"],
}


def grant(apps, schema_editor):
    groups.ensure_permissions_exist(apps)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("articles", "0016_announcement"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
