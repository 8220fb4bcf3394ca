from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD = "newsroom-demo"
# On a laptop the demo editor also sees and creates accounts (a contributor, to try the desk as
# one); in production that is for whoever manages accounts (README, "Accounts and roles").
ACCOUNT_PERMISSIONS = ("view_user", "add_user", "change_user", "view_group")


class Command(BaseCommand):
    help = "Create or reset the local demo editor account (only with DEBUG on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_demo_editor is for local development only: it creates a staff account "
                "with a published password. Run it with DEBUG=true, never in production."
            )
        try:
            editors = Group.objects.get(name="Editors")
        except Group.DoesNotExist:
            raise CommandError(
                "The Editors group is missing: run `manage.py migrate` first."
            ) from None
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "editor@hospital.example"}
        )
        user.is_staff = True
        user.is_active = True
        # set_password skips the password validators on purpose: this is a known demo login.
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(editors)
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="auth", codename__in=ACCOUNT_PERMISSIONS
            )
        )
        self.stdout.write(
            # SITE_URL is where `make run` serves (its HOST and PORT).
            f"Demo editor login: {settings.SITE_URL}/{settings.ADMIN_URL}\n"
            f"  username: {USERNAME}\n"
            f"  password: {PASSWORD}"
        )
