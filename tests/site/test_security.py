"""Security controls: response headers and the Content-Security-Policy, admin sign-in lockout
without user enumeration, session and password settings, and `check --deploy` under production
settings. The XSS corpus is in test_xss.py, the leak suite in test_leaks.py, permissions in
test_permissions.py."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings

from newsroom.security import client_ip
from tests.support.pages import public_urls

from .test_deployment import PRODUCTION, start_django

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase for tests"
LOGIN = "/admin/login/"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


# --- Headers ----------------------------------------------------------------------------------


def test_public_pages_send_the_security_headers(client, demo):
    for url in public_urls():
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(policy["script-src"]), url


class ScriptsAndInlineCode(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.inline_handlers, self.style_attributes = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        self.inline_handlers += [name for name in attributes if name.startswith("on")]
        if "style" in attributes:
            self.style_attributes.append(tag)


def test_public_pages_have_no_inline_script_or_style(client, demo):
    for url in public_urls():
        page = ScriptsAndInlineCode()
        page.feed(client.get(url).content.decode())
        executable = [s for s in page.scripts if s.get("type") != "application/ld+json"]
        assert all(script.get("src") for script in executable), url
        assert page.inline_handlers == [] and page.style_attributes == [], url


def test_the_admin_editor_import_map_carries_the_pages_nonce(editor_client):
    response = editor_client.get("/admin/articles/article/add/")
    nonces = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert len(nonces) == 1
    page = ScriptsAndInlineCode()
    page.feed(response.content.decode())
    inline = [script for script in page.scripts if not script.get("src")]
    assert inline, "the editor's import map is expected on this page"
    assert all(script.get("nonce") == nonces[0] for script in inline)


def test_uploaded_files_are_served_with_nosniff_by_every_documented_server():
    from .test_deployment import ROOT

    guide = (ROOT / "docs" / "deployment.md").read_text()
    caddy = guide[guide.index("handle_path /media/*") :][:400]
    nginx = guide[guide.index("location /media/") :][:600]
    for server in (caddy, nginx):
        assert "X-Content-Type-Options" in server and "nosniff" in server
        assert "sandbox" in server  # a file opened directly can never run a script


# --- Admin sign-in ----------------------------------------------------------------------------


def sign_in(client, username, password=PASSWORD, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def editor_with_password(editor):
    editor.set_password(PASSWORD)
    editor.save()
    return editor


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client, editor_with_password):
    wrong_password = sign_in(client, "editor", "not the password")
    unknown_user = sign_in(client, "nobody-by-this-name", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 200

    def error(response):
        return re.search(r'<p class="errornote">(.*?)</p>', response.content.decode(), re.S)[1]

    assert error(wrong_password) == error(unknown_user)


@pytest.mark.parametrize("username", ["editor", "nobody-by-this-name"])
def test_repeated_failures_pause_sign_in_with_a_clear_message(
    client, editor_with_password, username
):
    for _ in range(4):
        assert sign_in(client, username, "guess").status_code == 200
    assert sign_in(client, username, "guess").status_code == 429  # the fifth failure pauses
    locked = sign_in(client, username)  # and then even the right password is refused
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Sign-in paused" in text and "15 minutes" in text
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_that_username_from_that_address(client, editor_with_password):
    for _ in range(5):
        sign_in(client, "editor", "guess")
    assert sign_in(client, "editor", address="198.51.100.4").status_code == 302
    client.logout()
    assert sign_in(client, "someone-else", "guess").status_code == 200


def test_a_successful_sign_in_resets_the_count(client, editor_with_password):
    for _ in range(4):
        sign_in(client, "editor", "guess")
    assert sign_in(client, "editor").status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "editor", "guess")
    assert sign_in(client, "editor").status_code == 302


@pytest.mark.parametrize("refused", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_a_sign_in_whose_next_is_refused_goes_to_the_admin_home(
    client, editor_with_password, refused
):
    response = client.post(
        LOGIN, {"username": "editor", "password": PASSWORD, "next": refused}, follow=True
    )
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert response.status_code == 200


def test_behind_the_proxy_the_client_is_the_address_the_proxy_added():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client_ip(request) == "203.0.113.9"  # the first address was sent by the client
    with override_settings(SECURE_PROXY_SSL_HEADER=None):
        assert client_ip(request) == "10.0.0.2"  # no proxy: the header is not trusted at all


@pytest.mark.parametrize("weak", ["password123", "12345678901234", "short", "editor"])
def test_weak_passwords_are_refused(editor, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=editor)


def test_sessions_are_short_lived_and_kept_from_scripts(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


# --- Production settings ----------------------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings():
    result = start_django(
        code=(
            "import sys; from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'DEBUG'])"
        ),
        **{
            **PRODUCTION,
            "SECRET_KEY": "x7!Qm2#vR9$kL4@pZ8&nW3*tY6^bH1%cF5(jD0)sG-uE+aK=oI_qN.eX,rV;wB?yM",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_and_transport_are_locked_down():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES'].get('upgrade-insecure-requests')]))"
    )
    result = start_django(code=code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[true, true, true, 31536000, true, true]"
