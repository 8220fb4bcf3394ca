import functools
import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from articles import upkeep
from tests.support.factories import UserFactory
from tests.support.hub import Hub


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Test-only tweaks: fast hashing, no HTTPS redirect, plain static files, temporary media."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # test_caching.py turns the page cache on
    # A cache kept from test to test would name rows of rolled-back tests (search's facet labels).
    cache.clear()


@pytest.fixture
def hub(settings):
    """A local WebSub hub (tests/support/hub.py), the one WEBSUB_HUBS names."""
    with Hub() as hub:
        settings.WEBSUB_HUBS = [hub.url]
        yield hub


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs at the end of the block what a commit would run then: the rebuild
    of the read model and the search documents of the articles the block changed. (A test runs
    in a transaction that is rolled back, never committed.)

    Articles noted by earlier tests, whose transactions were rolled back, are forgotten first:
    in production they are rebuilt with the next commit, here they would blur what a test
    counts."""
    upkeep.forget_pending()
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def demo(db, committed):
    """The demo newsroom, searchable."""
    with committed():
        call_command("seed_demo", stdout=io.StringIO())


def _staff_in_group(group_name, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _staff_in_group("Editors", "editor")


@pytest.fixture
def contributor(db):
    return _staff_in_group("Contributors", "contributor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        from django.conf import settings

        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            pytest.skip("needs PostgreSQL: set DATABASE_URL (CI runs these on PostgreSQL)")


def empties_the_database(item):
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or {"live_server", "transactional_db"} & set(item.fixturenames)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests on a real transaction (the browser tests' live server, the search tests) empty every
    table after them, the migrations' rows included. pytest-django puts them last, but pytest
    then groups the browser tests by browser; this puts them back after every other test, and
    the browser tests last of all, so that no test runs beside the live server's threads."""
    items.sort(key=lambda item: (bool(empties_the_database(item)), is_a_browser_test(item)))


def is_a_browser_test(item):
    return item.nodeid.startswith("tests/browser/")
