import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_system_checks_pass():
    call_command("check", stdout=io.StringIO())


def test_editorial_groups_are_created_by_migrations():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    contributors = set(
        Group.objects.get(name="Contributors").permissions.values_list("codename", flat=True)
    )
    assert {"publish_article", "delete_article", "change_expert"} <= editors
    assert {"add_article", "change_article", "view_expert"} <= contributors
    assert not {"publish_article", "delete_article", "change_expert"} & contributors


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_favicon_ico_is_the_logo(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/logo.png")
    logo = Path(settings.BASE_DIR) / "static" / "img" / "logo.png"
    assert logo.read_bytes().startswith(b"\x89PNG")
