"""Every facet has a usable, unique, non-empty slug whatever its name, so that no name an editor
types can break the pages that link to it; contributors pick existing topics, editors add new."""

from datetime import date

import pytest

from articles.models import Article, Conference, Department, Expert, Topic
from tests.support.admin_forms import admin_url, article_form, errors_of
from tests.support.factories import ArticleFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

NAMES_WITHOUT_SLUG_CHARACTERS = ["!!!", "&", "+", "—", "🙂", "?!"]


@pytest.mark.parametrize("name", NAMES_WITHOUT_SLUG_CHARACTERS)
def test_a_topic_named_without_slug_characters_breaks_no_page(client, name):
    article = ArticleFactory()
    article.tags.add(name)
    topic = Topic.objects.get(name=name)
    assert topic.slug
    for url in ["/", article.get_absolute_url(), "/topics/", "/sitemap-topics.xml"]:
        assert client.get(url).status_code == 200, url
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    assert name in page.content.decode()


def test_topics_named_without_slug_characters_get_distinct_slugs():
    article = ArticleFactory()
    article.tags.add(*NAMES_WITHOUT_SLUG_CHARACTERS)
    slugs = list(Topic.objects.values_list("slug", flat=True))
    assert all(slugs) and len(set(slugs)) == len(NAMES_WITHOUT_SLUG_CHARACTERS)


def test_a_chinese_topic_is_addressed_by_its_own_characters(client):
    article = ArticleFactory()
    article.tags.add("骨髓移植")
    topic = Topic.objects.get(name="骨髓移植")
    assert topic.slug == "骨髓移植"
    assert topic.get_absolute_url() == "/topics/%E9%AA%A8%E9%AB%93%E7%A7%BB%E6%A4%8D/"
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    assert article.title in page.content.decode()


def test_facets_saved_in_code_without_a_slug_get_one():
    department = Department.objects.create(name="血液科")
    expert = Expert.objects.create(family_name="黄", given_name="河")
    conference = Conference.objects.create(
        name="!!!",
        city="Valencia",
        country="Spain",
        start_date=date(2024, 2, 1),
        end_date=date(2024, 2, 3),
    )
    second = Department.objects.create(name="—")
    slugs = [department.slug, expert.slug, conference.slug, second.slug]
    assert all(slugs) and len(set(slugs)) == len(slugs)
    for facet in (department, expert, conference, second):
        assert facet.get_absolute_url()


def test_a_facet_form_refuses_a_slug_made_of_nothing(editor_client):
    data = {"name": "!!!", "slug": "", "description": ""}
    response = editor_client.post(admin_url(Department, "add"), data)
    assert response.status_code == 200
    assert "slug" in errors_of(response)
    assert not Department.objects.exists()


def test_a_contributor_picks_existing_topics(contributor_client):
    TopicFactory(name="CAR-T")
    data = article_form(tags="CAR-T")
    response = contributor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, errors_of(response)
    assert list(Article.objects.get().tags.names()) == ["CAR-T"]


def test_a_contributor_cannot_create_a_topic_by_typing_it(contributor_client):
    TopicFactory(name="CAR-T")
    data = article_form(tags="car-t, Gene editing")
    response = contributor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 200
    [message] = errors_of(response)["tags"]
    assert "“car-t”" in message and "“Gene editing”" in message
    assert "CAR-T" in message  # the existing topic it may have meant
    assert not Article.objects.exists()
    assert list(Topic.objects.values_list("name", flat=True)) == ["CAR-T"]


def test_an_editor_creates_a_topic_by_typing_it(editor_client):
    data = article_form(tags="Gene editing,", source=SourceFactory().pk)
    response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, errors_of(response)
    assert Topic.objects.get().slug == "gene-editing"


@pytest.mark.parametrize(
    "order, slug",
    [(Expert.NameOrder.FAMILY_FIRST, "huang-he"), (Expert.NameOrder.GIVEN_FIRST, "he-huang")],
)
def test_an_experts_slug_follows_the_order_its_name_is_shown_in(order, slug):
    expert = Expert.objects.create(given_name="He", family_name="Huang", name_order=order)
    assert expert.slug == slug


def test_an_expert_added_in_the_admin_popup_gets_the_slug_of_its_display_order(editor_client):
    response = editor_client.post(
        "/admin/articles/expert/add/?_popup=1&_to_field=id",
        {
            "honorific": "Prof.",
            "family_name": "HUANG",
            "given_name": "He",
            "name_order": "family_first",
            "slug": "",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200, response.content  # the popup's closing page
    assert Expert.objects.get(family_name="HUANG").slug == "huang-he"
