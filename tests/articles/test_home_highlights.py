"""The home page's topics, experts and conferences (articles/highlights.py): one kept document,
rebuilt when a change commits and when a scheduled story's time has come, read in one query,
chosen among published stories only."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles import highlights, services
from articles.models import Highlights
from newsroom.models import current_content_version
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
)

pytestmark = pytest.mark.django_db


def aside(client):
    """The text of the home page's side lists."""
    response = client.get("/")
    assert response.status_code == 200
    found = re.search(r'<aside class="home-aside".*?</aside>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def story(title, topic, expert_name, conference_name, **kwargs):
    article = ArticleFactory(title=title, tags=[topic], **kwargs)
    department = DepartmentFactory(name=f"{expert_name} Department")
    expert = ExpertFactory(given_name="Lin", family_name=expert_name, department=department)
    ArticleExpertFactory(article=article, expert=expert)
    article.conferences.add(ConferenceFactory(name=conference_name))
    return article


def kept():
    return Highlights.objects.get(name=highlights.HOME).data


def test_a_committed_story_is_in_the_kept_document_and_on_the_home_page(client, committed):
    with committed():
        story("Cell therapy", "Immunotherapy", "Okafor", "Haematology Summit")
    data = kept()
    assert [topic["name"] for topic in data["topics"]] == ["Immunotherapy"]
    assert [expert["family_name"] for expert in data["experts"]] == ["Okafor"]
    assert [conference["name"] for conference in data["conferences"]] == ["Haematology Summit"]
    shown = aside(client)
    for text in ("Immunotherapy", "Lin Okafor", "Okafor Department", "Haematology Summit"):
        assert text in shown


def test_the_home_page_reads_the_kept_document_in_one_query(
    client, committed, django_assert_num_queries
):
    with committed():
        for number in range(3):
            story(f"Story {number}", f"Topic {number}", f"Name{number}", f"Meeting {number}")
    # The featured story, the latest news, the side lists.
    with django_assert_num_queries(3):
        assert "Topic 2" in aside(client)


def test_the_page_is_the_same_from_the_kept_document_and_from_the_tables(client, committed):
    with committed():
        story("Cell therapy", "Immunotherapy", "Okafor", "Haematology Summit")
        story("Heart care", "Cardiology", "Ferreira", "Cardiac Forum")
    from_document = client.get("/").content
    Highlights.objects.all().delete()
    assert client.get("/").content == from_document


@pytest.mark.parametrize(
    "hidden",
    [
        {"draft": True},
        {"in_review": True},
        {"scheduled": True},
        {"withdrawn": True},
        {"scheduled": True, "press_access_at": timezone.now() - timedelta(hours=1)},
    ],
    ids=["draft", "in review", "scheduled", "withdrawn", "embargoed"],
)
def test_an_unpublished_story_brings_nothing_to_the_home_page(client, committed, hidden):
    with committed():
        story("Public news", "Cardiology", "Ferreira", "Cardiac Forum")
        story("Hidden news", "Secret topic", "Hiddenname", "Secret meeting", **hidden)
    text = str(kept()) + aside(client)
    for secret in ("Secret topic", "Hiddenname", "Secret meeting"):
        assert secret not in text
    assert "Cardiology" in text


def test_a_story_withdrawn_takes_its_topics_and_experts_off_the_home_page(
    client, committed, editor
):
    with committed():
        story("Public news", "Cardiology", "Ferreira", "Cardiac Forum")
        leaving = story("Leaving news", "Oncology", "Okafor", "Oncology Days")
    assert "Oncology" in aside(client)
    with committed():
        services.withdraw(leaving, editor)
    shown = aside(client)
    for gone in ("Oncology", "Okafor", "Oncology Days"):
        assert gone not in shown
    assert "Cardiology" in shown


def test_renamed_rows_are_shown_renamed(client, committed):
    with committed():
        article = story("Cell therapy", "Immunotherapy", "Okafor", "Haematology Summit")
    expert = article.experts.get()
    with committed():
        topic = article.tags.get()
        topic.name = "Cell immunotherapy"
        topic.save()
        expert.department.name = "Blood Diseases"
        expert.department.save()
        conference = article.conferences.get()
        conference.name = "Blood Summit"
        conference.save()
    shown = aside(client)
    for text in ("Cell immunotherapy", "Blood Diseases", "Blood Summit"):
        assert text in shown
    assert "Haematology Summit" not in shown


def test_a_scheduled_story_is_shown_once_its_time_has_come_without_a_worker(client, committed):
    with committed():
        story("Public news", "Cardiology", "Ferreira", "Cardiac Forum")
        story(
            "Later news",
            "Neurology",
            "Okafor",
            "Brain Meeting",
            published_at=timezone.now() + timedelta(hours=1),
        )
    assert "Neurology" not in aside(client)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert "Neurology" in aside(client)
        assert "Neurology" in str(kept())  # kept again: the next reader reads it
        assert kept()["until"] is None


def test_a_rebuild_moves_the_content_version_on(committed):
    with committed():
        story("Cell therapy", "Immunotherapy", "Okafor", "Haematology Summit")
    before = current_content_version()
    highlights.rebuild()
    assert current_content_version() > before


def test_migrating_builds_the_document_of_a_site_with_news(committed):
    with committed():
        story("Cell therapy", "Immunotherapy", "Okafor", "Haematology Summit")
    Highlights.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert [topic["name"] for topic in kept()["topics"]] == ["Immunotherapy"]


def test_an_empty_site_keeps_no_document_until_its_first_change(client):
    call_command("migrate", verbosity=0)
    assert not Highlights.objects.exists()
    assert client.get("/").status_code == 200
    assert not Highlights.objects.exists()
