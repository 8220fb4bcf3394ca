"""Editors manage topics, contributors see them: the permissions of the Topic model, in place of
those of taggit's tags (see 0002 for the groups)."""

import importlib

from django.db import migrations

groups = importlib.import_module("articles.migrations.0002_editorial_groups")


def grant_topic_permissions(apps, schema_editor):
    groups.ensure_permissions_exist(apps)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    groups.fill_groups(Group, Permission)
    tag_permissions = Permission.objects.filter(content_type__app_label="taggit")
    for group in Group.objects.filter(name__in=groups.GROUPS):
        group.permissions.remove(*tag_permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_topics")]

    operations = [migrations.RunPython(grant_topic_permissions, migrations.RunPython.noop)]
