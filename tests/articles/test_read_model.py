"""The read model of the article pages (articles/facts.py): one document per article, rebuilt
when a change that touched it commits, read with the article in one query, and never a way for
something unpublished onto a public page."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import prefetch_related_objects
from django.utils import timezone

from articles import facts, publication, services, upkeep
from articles.models import Article, ArticleFacts, PressContact
from newsroom.models import current_content_version
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
    MediaLinkFactory,
)

pytestmark = pytest.mark.django_db


def full_story():
    """A public article with an expert (of a department with a press contact), a conference,
    a department, a media link, topics, and related news."""
    contact = PressContact.objects.create(name="Mira Castell", role="Press officer")
    department = DepartmentFactory(name="Haematology", press_contact=contact)
    expert = ExpertFactory(
        honorific="Prof.",
        given_name="He",
        family_name="Huang",
        department=department,
        position="Director",
    )
    article = ArticleFactory(title="Cell therapy results", tags=["CAR-T", "myeloma"])
    ArticleExpertFactory(article=article, expert=expert, role="keynote")
    conference = ConferenceFactory(
        name="European CAR-T Conference", edition="6th", city="Valencia", country="Spain"
    )
    article.conferences.add(conference)
    article.departments.add(department)
    MediaLinkFactory(article=article, title="An interview on cell therapy")
    older = ArticleFactory(
        title="Earlier cell therapy news",
        tags=["CAR-T"],
        published_at=article.published_at - timedelta(days=3),
    )
    return article, older


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_committed_change_builds_the_document_and_the_page_reads_it(client, committed):
    with committed():
        article, older = full_story()
    document = ArticleFacts.objects.get(article=article).data
    assert [expert["family_name"] for expert in document["experts"]] == ["Huang"]
    assert document["experts"][0]["department"]["press_contact"]["name"] == "Mira Castell"
    assert [topic["name"] for topic in document["topics"]] == ["CAR-T", "myeloma"]
    assert document["related"] == [older.pk]
    html = page(client, article)
    for shown in (
        "Prof. He Huang",
        "Keynote speaker",
        "Director",
        "Haematology",
        "6th European CAR-T Conference",
        "Valencia, Spain",
        "An interview on cell therapy",
        "CAR-T",
        "Mira Castell",
        "Earlier cell therapy news",
    ):
        assert shown in html, shown


def test_the_page_is_the_same_from_the_document_and_from_the_tables(client, committed):
    with committed():
        article, _ = full_story()
    from_document = page(client, article)
    ArticleFacts.objects.all().delete()  # not built yet: read from the tables
    assert page(client, article) == from_document


def test_the_page_is_the_same_as_from_the_orms_own_rows(client, committed, monkeypatch):
    """The rows made from the document stand in for the ORM's prefetched ones: the page is the
    same bytes as when the template reads the real rows."""
    with committed():
        article, _ = full_story()
        article.tags.remove("myeloma")  # taggit's prefetch has no order: one topic
    from_document = page(client, article)

    def from_the_orms_rows(article, live=False):
        prefetch_related_objects([article], *Article.objects.detail_prefetches())
        return facts.build(article)

    monkeypatch.setattr(facts, "attach", from_the_orms_rows)
    assert page(client, article) == from_document


def test_the_page_reads_the_article_with_its_document_then_its_cards_and_neighbours(
    client, committed, django_assert_num_queries
):
    with committed():
        article, _ = full_story()
        ArticleFactory(published_at=article.published_at + timedelta(days=1))
    with django_assert_num_queries(2):
        page(client, article)


def renamed(row, **fields):
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


@pytest.mark.parametrize(
    ("what", "change", "shown"),
    [
        ("expert", {"family_name": "Hwang"}, "Prof. He Hwang"),
        ("expert", {"position": "Head of the clinic"}, "Head of the clinic"),
        ("department", {"name": "Blood Disorders"}, "Blood Disorders"),
        ("conference", {"city": "Lisbon", "country": "Portugal"}, "Lisbon, Portugal"),
        ("topic", {"name": "CAR T-cell therapy"}, "CAR T-cell therapy"),
        ("contact", {"name": "Jonas Brand"}, "Jonas Brand"),
    ],
)
def test_a_renamed_row_is_shown_renamed_on_its_articles(client, committed, what, change, shown):
    with committed():
        article, _ = full_story()
    role = article.expert_roles.get()
    rows = {
        "expert": role.expert,
        "department": role.expert.department,
        "conference": article.conferences.get(),
        "topic": article.tags.get(name="CAR-T"),
        "contact": PressContact.objects.get(),
    }
    with committed():
        renamed(rows[what], **change)
    assert shown in page(client, article)


def test_a_department_renamed_is_renamed_beside_its_experts_on_other_articles(client, committed):
    with committed():
        article, _ = full_story()
        department = article.departments.get()
        quoting = ArticleFactory(title="The clinic's expert on fatigue")
        ArticleExpertFactory(article=quoting, expert=article.expert_roles.get().expert)
    with committed():
        renamed(department, name="Blood Disorders")
    assert "Blood Disorders" in page(client, quoting)


def test_links_added_or_removed_are_shown(client, committed):
    with committed():
        article, _ = full_story()
    with committed():
        article.tags.add("fatigue")
        article.conferences.clear()
    html = page(client, article)
    assert "fatigue" in html
    assert "European CAR-T Conference" not in html


def test_a_related_story_withdrawn_since_is_never_shown(client, committed):
    with committed():
        article, older = full_story()
    older.status = Article.Status.WITHDRAWN
    older.save(update_fields=["status"])  # the document of `article` still names it
    assert ArticleFacts.objects.get(article=article).data["related"] == [older.pk]
    assert "Earlier cell therapy news" not in page(client, article)


def test_a_story_going_public_is_offered_as_related_news_of_those_it_relates_to(client, committed):
    with committed():
        article, older = full_story()
    with committed():
        newest = ArticleFactory(title="Newest cell therapy news", tags=["CAR-T", "myeloma"])
    assert ArticleFacts.objects.get(article=older).data["related"][0] == newest.pk
    assert "Newest cell therapy news" in page(client, older)


def test_a_scheduled_story_is_related_news_only_once_it_is_public(client, committed):
    with committed():
        article, older = full_story()
        later = timezone.now() + timedelta(hours=1)
        scheduled = ArticleFactory(
            title="Scheduled cell therapy news", tags=["CAR-T"], published_at=later
        )
    assert scheduled.pk not in ArticleFacts.objects.get(article=older).data["related"]
    assert "Scheduled cell therapy news" not in page(client, older)


def test_a_rebuild_moves_the_content_version_on(committed):
    with committed():
        article, _ = full_story()
    before = current_content_version()
    facts.rebuild([article.pk])
    assert current_content_version() > before


def test_a_failed_rebuild_is_logged_and_the_other_rebuilds_still_run(
    committed, monkeypatch, caplog
):
    def failing(ids):
        raise RuntimeError("the read model is unavailable")

    keeper = upkeep.Keeper(failing, frozenset(), lambda kind: ())
    monkeypatch.setattr(upkeep, "_keepers", [keeper, *upkeep._keepers])
    with committed(), caplog.at_level(logging.ERROR):
        article = ArticleFactory(title="Still searchable")
    assert "the read model is unavailable" in caplog.text
    assert article.search_document is not None


def test_migrating_builds_the_documents_that_are_missing(committed):
    with committed():
        article, older = full_story()
    ArticleFacts.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert set(ArticleFacts.objects.values_list("article_id", flat=True)) == {article.pk, older.pk}


def test_staff_previews_read_the_tables(admin_client, committed):
    with committed():
        draft = ArticleFactory(draft=True, title="A draft about fatigue", tags=["fatigue"])
    draft.tags.add("sleep")  # not committed: the document does not know it yet
    response = admin_client.get(f"/preview/articles/{draft.pk}/")
    assert response.status_code == 200
    assert "sleep" in response.content.decode()


# Previous/next links, kept in the documents and settled when a story moves


def neighbours(client, article):
    context = client.get(article.get_absolute_url()).context
    pick = lambda card: card.title if card else None  # noqa: E731
    return pick(context["previous_article"]), pick(context["next_article"])


def dated(days_ago, title):
    return ArticleFactory(title=title, published_at=timezone.now() - timedelta(days=days_ago))


def test_a_story_going_public_becomes_the_next_link_of_the_story_before_it(client, committed):
    with committed():
        dated(3, "First")
        second = dated(2, "Second")
    assert neighbours(client, second) == ("First", None)
    with committed():
        dated(1, "Third")
    assert neighbours(client, second) == ("First", "Third")


def test_a_withdrawn_story_leaves_its_neighbours_linked_to_each_other(client, committed, editor):
    with committed():
        first, second, third = dated(3, "First"), dated(2, "Second"), dated(1, "Third")
    with committed():
        services.withdraw(second, editor)
    assert neighbours(client, first) == (None, "Third")
    assert neighbours(client, third) == ("First", None)


def test_a_story_moved_in_time_is_linked_from_its_new_neighbours(client, committed):
    with committed():
        first, second, third = dated(3, "First"), dated(2, "Second"), dated(1, "Third")
    with committed():
        first.published_at = timezone.now() - timedelta(hours=1)
        first.save()
    assert neighbours(client, second) == (None, "Third")
    assert neighbours(client, third) == ("Second", "First")
    assert neighbours(client, first) == ("Third", None)


def test_a_scheduled_story_is_linked_once_its_time_has_come(client, committed):
    with committed():
        first = dated(3, "First")
        scheduled = ArticleFactory(
            title="Scheduled", published_at=timezone.now() + timedelta(hours=1)
        )
    assert neighbours(client, first) == (None, None)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        with committed():
            publication.announce_when_due.call(scheduled.pk, scheduled.published_at.isoformat())
        assert neighbours(client, first) == (None, "Scheduled")


def test_a_press_contact_deleted_leaves_the_newsrooms_own_on_its_departments_stories(
    client, settings, committed
):
    settings.NEWSROOM_PRESS_CONTACT = {**settings.NEWSROOM_PRESS_CONTACT, "name": "Desk Office"}
    with committed():
        article, _ = full_story()
    with committed():
        PressContact.objects.get().delete()
    html = page(client, article)
    assert "Mira Castell" not in html
    assert "Desk Office" in html
