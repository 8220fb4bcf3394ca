"""The journalists' sign-in is held to the staff rules: five failures pause it (django-axes),
with a clear page; the error does not tell a wrong password from an unknown address."""

import pytest
from django.test import Client

from tests.support.factories import JournalistFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"  # the factories' password


@pytest.fixture
def reporter():
    return JournalistFactory(user__username="maya@example.org")


def sign_in(client, username, password):
    return client.post("/press/login/", {"username": username, "password": password})


def test_five_failures_pause_the_journalists_sign_in(reporter):
    client = Client()
    for _ in range(4):
        assert sign_in(client, "maya@example.org", "guess").status_code == 200
    assert sign_in(client, "maya@example.org", "guess").status_code == 429
    locked = sign_in(client, "maya@example.org", PASSWORD)
    assert locked.status_code == 429 and "15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_and_an_unknown_address_read_the_same(reporter):
    wrong = sign_in(Client(), "maya@example.org", "guess").content.decode()
    unknown = sign_in(Client(), "nobody@example.org", "guess").content.decode()

    def error(page):
        return page.split('role="alert">', 1)[1].split("</ul>", 1)[0]

    assert error(wrong) == error(unknown)
