"""Create the Contributors and Editors groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
EDITOR_PERMISSIONS = {
    ("articles", "article"): ALL,
    ("articles", "articleexpert"): ALL,
    ("articles", "medialink"): ALL,
    ("articles", "expert"): ALL,
    ("articles", "conference"): ALL,
    ("articles", "department"): ALL,
    ("articles", "source"): ALL,
    ("articles", "topic"): ALL,
    # Models of later migrations, granted by them through fill_groups (articles 0020, press).
    ("articles", "presscontact"): ALL,
    ("press", "journalist"): ("view", "change"),
    ("press", "pressaccess"): ("view",),
}
CONTRIBUTOR_PERMISSIONS = {
    ("articles", "article"): ("add", "change", "view"),
    ("articles", "articleexpert"): ALL,
    ("articles", "medialink"): ALL,
    ("articles", "expert"): ("view",),
    ("articles", "conference"): ("view",),
    ("articles", "department"): ("view",),
    ("articles", "source"): ("view",),
    ("articles", "topic"): ("view",),
    ("articles", "presscontact"): ("view",),
}
GROUPS = {
    "Editors": (EDITOR_PERMISSIONS, ["publish_article"]),
    "Contributors": (CONTRIBUTOR_PERMISSIONS, []),
}


def ensure_permissions_exist(apps):
    # Permissions are normally created after all migrations; a fresh database needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions_exist(apps)
    fill_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def fill_groups(Group, Permission):
    """The groups with their permissions (the browser tests call it again after emptying tables)."""
    for group_name, (model_permissions, extra_codenames) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for (app_label, model), actions in model_permissions.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=extra_codenames
            )
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
