"""Real-browser tests: Playwright (pytest-playwright) driving Debian's Chromium against a live
server on 127.0.0.1. Nothing is downloaded: without /usr/bin/chromium these tests are skipped
(`apt-get install chromium`; CI installs it)."""

import importlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.support.factories import UserFactory
from tests.support.required_tools import missing_tool

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-test-password"
# The axe-core rules every page is checked against: WCAG 2.1, levels A and AA.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


# A live server is a second thread on a real database: each test commits, and every table is
# emptied after it, the rows the migrations made included (see `editorial_group`).
browser_test = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        missing_tool(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need it "
            "(`apt-get install chromium`; .ci/run installs it)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": ["--no-sandbox"],
    }


@pytest.fixture(scope="session", autouse=True)
def _database_calls_beside_playwright():
    """Playwright's synchronous API keeps an event loop running in the test's thread, and Django
    then refuses database calls from that thread. The calls are the tests' own (and pytest-django's
    setup and teardown), made between browser steps, never at the same time: allowing them is
    safe here. Session-wide from the first browser test, which the other tests all run before."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The live server speaks plain HTTP on the loopback interface. Production sits behind TLS
    and tells browsers to upgrade every request and to send cookies over HTTPS only, which here
    would stop the browser at the first request."""
    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives.pop("upgrade-insecure-requests", None)
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": directives,
    }
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def site(live_server):
    """The live site's address, without a trailing slash."""
    return live_server.url


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def editorial_group(name):
    """The Editors or Contributors group as migration 0002 makes it.

    An earlier browser test has emptied every table. Django could put the migrations' rows back
    (serialized_rollback), but under Playwright the test code gets a database connection of its
    own, which never held the saved rows; so the migration's groups are made again.
    """
    from django.contrib.auth.models import Group, Permission

    if not Group.objects.filter(name=name).exists():
        migration = importlib.import_module("articles.migrations.0002_editorial_groups")
        migration.fill_groups(Group, Permission)
    return Group.objects.get(name=name)


def staff_user(username, group):
    user = UserFactory(username=username, is_staff=True, first_name=username.title())
    user.groups.add(editorial_group(group))
    return user


def log_in(page, site, username):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")


def screenshot(page, name):
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "screenshots" / f"{name}.png", full_page=True)


def choose(page, field_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) fields, as an editor does."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def write_text(page, text):
    editor = page.locator(".prose-editor [contenteditable=true]").first
    editor.click()
    editor.type(text)


def press(page, label):
    """Press one of the article form's action buttons (Save draft, Publish now…) by its label."""
    page.get_by_role("button", name=label, exact=True).click()
