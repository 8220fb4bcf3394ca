"""Journalists: apply, confirm the address, wait for the press office, sign in once approved;
a rejection says why; a revocation ends access at the next request. Every answer is private."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from press import services
from press.models import Journalist
from tests.support.factories import ArticleFactory
from tests.support.tasks import run_worker

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-reporter-password"


def application(**overrides):
    return {
        "name": "Maya Lindqvist",
        "outlet": "Nordic Health Daily",
        "role": "Medical correspondent",
        "email": "Maya@NordicHealth.example",
        "phone": "+46 8 123 456",
        "work_url": "https://nordichealth.example/maya",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "wants_embargo_alerts": "on",
        "website": "",
        **overrides,
    }


def link_in(message):
    return re.search(r"https?://[^/\s]+(/press/verify/[^\s]+/)", message.body).group(1)


def apply(client, **overrides):
    response = client.post("/press/register/", application(**overrides))
    run_worker()
    return response


def approved_journalist(editor):
    client = Client()
    apply(client)
    client.get(link_in(mail.outbox[-1]))
    journalist = Journalist.objects.get()
    services.approve(journalist, editor)
    run_worker()
    return journalist


def signed_in(journalist=None):
    client = Client()
    response = client.post(
        "/press/login/", {"username": "maya@nordichealth.example", "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_an_application_is_confirmed_by_email_then_waits(client):
    response = apply(client)
    assert response["Location"] == "/press/register/check-your-inbox/"
    journalist = Journalist.objects.get()
    assert journalist.status == Journalist.Status.UNVERIFIED
    assert journalist.email == "maya@nordichealth.example"
    assert not journalist.user.is_staff
    [message] = mail.outbox
    assert message.to == ["maya@nordichealth.example"]
    page = client.get(link_in(message))
    assert "waits for the press office" in page.content.decode()
    journalist.refresh_from_db()
    assert journalist.status == Journalist.Status.PENDING and journalist.verified_at


def test_a_verification_link_expires_and_cannot_be_altered(client):
    apply(client)
    link = link_in(mail.outbox[0])
    assert client.get(link[:-3] + "xx/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        response = client.get(link)
    assert response.status_code == 404 and "This link is not valid" in response.content.decode()


def test_the_same_answer_for_a_known_address_and_nothing_for_a_robot(client):
    apply(client)
    again = apply(Client(), name="Someone Else")
    assert again["Location"] == "/press/register/check-your-inbox/"
    assert Journalist.objects.count() == 1
    robot = apply(Client(), email="robot@spam.example", website="http://spam.example")
    assert robot["Location"] == "/press/register/check-your-inbox/"
    assert not Journalist.objects.filter(user__email="robot@spam.example").exists()


def test_bad_input_says_what_is_wrong_and_keeps_what_was_typed(client):
    response = client.post(
        "/press/register/", application(password2="something else", work_url="not a link")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The two passwords differ." in page and "Enter a valid URL." in page
    assert 'value="Nordic Health Daily"' in page
    short = client.post("/press/register/", application(password1="short", password2="short"))
    assert "too short" in short.content.decode()
    assert not Journalist.objects.exists()


def test_only_approved_journalists_sign_in(client, editor):
    apply(client)
    client.get(link_in(mail.outbox[0]))
    response = client.post(
        "/press/login/", {"username": "maya@nordichealth.example", "password": PASSWORD}
    )
    assert "waiting for the press office" in response.content.decode()
    staff = get_user_model().objects.create_user("desk@hospital.example", password=PASSWORD)
    staff.is_staff = True
    staff.save()
    response = client.post(
        "/press/login/", {"username": "desk@hospital.example", "password": PASSWORD}
    )
    assert "staff sign in to the desk" in response.content.decode()
    services.approve(Journalist.objects.get(), editor)
    run_worker()
    assert mail.outbox[-1].subject == "Welcome to the press room"
    assert signed_in().get("/press/").status_code == 200


def test_a_journalist_cannot_use_the_admin(editor):
    approved_journalist(editor)
    client = signed_in()
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_press_office_rejects_with_a_reason(editor_client, editor):
    apply(Client())
    journalist = Journalist.objects.get()
    url = f"/admin/press/journalist/{journalist.pk}/change/"
    form = {
        "name": journalist.name,
        "outlet": journalist.outlet,
        "role": journalist.role,
        "phone": journalist.phone,
        "work_url": journalist.work_url,
        "wants_embargo_alerts": "on",
        "reason": "",
        "_reject": "Reject",
    }
    response = editor_client.post(url, form, follow=True)
    assert "Write the reason for the rejection" in response.content.decode()
    assert Journalist.objects.get().status == Journalist.Status.UNVERIFIED
    editor_client.post(url, {**form, "reason": "We could not confirm your outlet."})
    run_worker()
    assert Journalist.objects.get().status == Journalist.Status.REJECTED
    assert "We could not confirm your outlet." in mail.outbox[-1].body


def test_revoking_ends_access_at_the_next_request(editor):
    journalist = approved_journalist(editor)
    client = signed_in()
    assert client.get("/press/").status_code == 200
    old_key = journalist.feed_key
    other_browser = signed_in(journalist)
    services.revoke(journalist, editor, "Embargo broken.")
    # Both of the journalist's sessions are gone at once, not only at their next request.
    sessions = [Session.objects.filter(pk=c.session.session_key) for c in (client, other_browser)]
    assert not any(rows.exists() for rows in sessions)
    response = client.get("/press/")
    assert response.status_code == 302 and response["Location"].startswith("/press/login/")
    assert "_auth_user_id" not in client.session
    journalist.refresh_from_db()
    assert journalist.feed_key != old_key
    response = client.post(
        "/press/login/", {"username": "maya@nordichealth.example", "password": PASSWORD}
    )
    assert "no press room access" in response.content.decode()


def test_every_press_answer_is_private_and_unindexed(client, editor):
    journalist = approved_journalist(editor)
    story = ArticleFactory()
    member = signed_in(journalist)
    answers = [
        client.get("/press/register/"),
        client.get("/press/login/"),
        client.get("/press/"),
        member.get("/press/"),
        member.get(f"/press/stories/{story.pk}/"),
    ]
    for response in answers:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
