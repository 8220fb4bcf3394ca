from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    """Django's admin with the desk as its home page (Django's way of overriding the default
    admin site: settings name this config in place of django.contrib.admin)."""

    default_site = "desk.sites.DeskAdminSite"
