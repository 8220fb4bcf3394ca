"""Media enquiries: a story's own press contact, else its first department's, else the
newsroom's default; on the page and in its NewsArticle JSON-LD, at no extra query."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories import ArticleFactory, DepartmentFactory, PressContactFactory

pytestmark = pytest.mark.django_db


def enquiries_box(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    box = re.search(r'<section class="box media-enquiries".*?</section>', page, re.S)
    assert box, "no Media enquiries box"
    return box.group(0)


def contact_point(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        data = json.loads(block)
        if data["@type"] == "NewsArticle":
            return data["publisher"]["contactPoint"]
    raise AssertionError("no NewsArticle")


def test_the_storys_own_contact_comes_first(client):
    own = PressContactFactory(name="Dana Whitfield", email="dana@hospital.example")
    department = DepartmentFactory(press_contact=PressContactFactory(name="Unit press desk"))
    article = ArticleFactory(press_contact=own)
    article.departments.add(department)
    box = enquiries_box(client, article)
    assert "Dana Whitfield" in box and 'href="mailto:dana@hospital.example"' in box
    assert "Unit press desk" not in box
    assert contact_point(client, article) == {
        "@type": "ContactPoint",
        "contactType": "media enquiries",
        "name": "Dana Whitfield",
        "description": "Press officer",
        "email": "dana@hospital.example",
        "telephone": "+44 20 7946 0000",
    }


def test_else_the_first_department_with_a_contact(client):
    article = ArticleFactory()
    article.departments.add(
        DepartmentFactory(name="A Unit without one"),
        DepartmentFactory(name="B Unit", press_contact=PressContactFactory(name="B's officer")),
    )
    assert "B&#x27;s officer" in enquiries_box(client, article)
    assert contact_point(client, article)["name"] == "B's officer"


def test_else_the_newsrooms_default_from_settings(client, settings):
    settings.NEWSROOM_PRESS_CONTACT = {
        "name": "Communications office",
        "role": "Media relations",
        "email": "media@hospital.example",
        "phone": "+44 20 7946 0999",
    }
    article = ArticleFactory()
    box = enquiries_box(client, article)
    assert "Communications office" in box and 'href="tel:+442079460999"' in box
    assert contact_point(client, article)["email"] == "media@hospital.example"


def test_empty_fields_are_left_out(client, settings):
    settings.NEWSROOM_PRESS_CONTACT = {"name": "Press office", "role": "", "email": "", "phone": ""}
    article = ArticleFactory()
    box = enquiries_box(client, article)
    assert "mailto:" not in box and "tel:" not in box
    assert contact_point(client, article) == {
        "@type": "ContactPoint",
        "contactType": "media enquiries",
        "name": "Press office",
    }


def test_the_contact_costs_no_query(client):
    plain = ArticleFactory()
    with_contacts = ArticleFactory(press_contact=PressContactFactory())
    for _ in range(3):
        with_contacts.departments.add(DepartmentFactory(press_contact=PressContactFactory()))
    client.get(plain.get_absolute_url())
    counts = []
    for article in (plain, with_contacts):
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]
