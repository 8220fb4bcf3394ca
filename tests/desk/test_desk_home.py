"""The desk, the admin's home for staff: five sections with counts, the contributor's own items
only, the same queries whatever the archive holds; and the article list's states."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article
from desk.models import PreviewLink
from tests.support.admin_forms import admin_url
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def desk(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return {section.key: section for section in response.context["desk_sections"]}


def titles(section):
    return [article.title for article in section.articles]


def test_each_section_lists_its_articles_with_counts(editor_client, editor, contributor):
    now = timezone.now()
    services.perform(ArticleFactory(draft=True, title="Submitted story"), contributor, "submit")
    ArticleFactory(title="Later", published_at=now + timedelta(days=2))
    ArticleFactory(title="Sooner", published_at=now + timedelta(hours=2))
    ArticleFactory(draft=True, title="My own draft", created_by=editor)
    ArticleFactory(draft=True, title="Someone else's draft", created_by=contributor)
    ArticleFactory(title="Fresh news")
    ArticleFactory(withdrawn=True, title="Taken down", first_published_at=now)
    sections = desk(editor_client)
    assert titles(sections["review"]) == ["Submitted story"]
    assert titles(sections["scheduled"]) == ["Sooner", "Later"]
    assert titles(sections["drafts"]) == ["My own draft"]
    assert titles(sections["published"]) == ["Fresh news"]
    assert titles(sections["withdrawn"]) == ["Taken down"]
    assert [s.count for s in sections.values()] == [1, 2, 1, 1, 1]
    page = editor_client.get("/admin/").content.decode()
    assert "Submitted by Contributor" in page or "Submitted by contributor" in page


def test_a_contributor_sees_their_own_items_only(client, contributor, editor):
    mine = ArticleFactory(draft=True, title="Mine", created_by=contributor)
    services.perform(mine, contributor, "submit")
    ArticleFactory(in_review=True, title="Not mine", created_by=editor)
    ArticleFactory(title="Public, not mine", created_by=editor)
    client.force_login(contributor)
    sections = desk(client)
    assert titles(sections["review"]) == ["Mine"]
    assert sections["published"].count == 0
    assert "Not mine" not in client.get("/admin/").content.decode()


def test_a_returned_draft_shows_the_note_on_the_authors_desk(client, contributor, editor):
    article = ArticleFactory(in_review=True, created_by=contributor, title="Returned story")
    services.perform(article, editor, "return", note="The quote needs the expert's approval.")
    client.force_login(contributor)
    page = client.get("/admin/").content.decode()
    assert "Returned by" in page and "the expert&#x27;s approval" in page


def test_a_long_section_links_to_the_whole_list(editor_client):
    for number in range(7):
        ArticleFactory(in_review=True, title=f"Waiting {number}")
    section = desk(editor_client)["review"]
    assert (section.count, len(section.articles)) == (7, 5)
    assert editor_client.get(section.list_url).context["cl"].result_count == 7


def queries_of_the_desk(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def test_the_desk_runs_the_same_queries_for_one_article_or_many(editor_client, editor):
    def one_of_each(n):
        ArticleFactory(in_review=True, submitted_by=editor, title=f"Review {n}")
        ArticleFactory(scheduled=True)
        draft = ArticleFactory(draft=True, created_by=editor)
        services.perform(draft, editor, "submit")
        services.perform(draft, editor, "return", note=f"Note {n}")
        ArticleFactory()
        ArticleFactory(withdrawn=True, first_published_at=timezone.now())

    one_of_each(0)
    few = queries_of_the_desk(editor_client)
    for n in range(1, 8):
        one_of_each(n)
    assert queries_of_the_desk(editor_client) == few
    assert few <= 12


# The article list


@pytest.mark.parametrize(
    ("trait", "state", "shown"),
    [
        ("draft", "draft", "Draft"),
        ("in_review", "in_review", "In review"),
        ("scheduled", "scheduled", "Scheduled · "),
        ("published", "published", "Published"),
        ("withdrawn", "withdrawn", "Withdrawn"),
    ],
)
def test_the_list_shows_and_filters_each_state(editor_client, trait, state, shown):
    article = ArticleFactory(**{trait: True}, title=f"The {trait} one")
    for other in ("draft", "in_review", "scheduled", "published", "withdrawn"):
        if other != trait:
            ArticleFactory(**{other: True}, title=f"Another {other} one")
    response = editor_client.get(admin_url(Article, "changelist"), {"state": state})
    assert [a.pk for a in response.context["cl"].result_list] == [article.pk]
    assert shown in response.content.decode()


def test_a_scheduled_article_shows_when_it_goes_public(editor_client):
    at = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=9, minute=15)
    ArticleFactory(published_at=at)
    page = editor_client.get(admin_url(Article, "changelist")).content.decode()
    assert f"Scheduled · {at:%-d} {at:%B} {at:%Y}, 09:15" in page


def test_the_list_still_offers_editors_its_bulk_actions(editor_client):
    # The form's buttons have a template of their own, which must not stand in for the list's.
    ArticleFactory()
    page = editor_client.get(admin_url(Article, "changelist")).content.decode()
    assert '<select name="action"' in page and 'value="publish_selected"' in page
    assert "desk-actions" not in page


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_article_form_and_list_run_the_same_queries_however_much_they_show(
    editor_client, editor
):
    article = ArticleFactory(draft=True, created_by=editor)
    services.perform(article, editor, "submit")
    services.perform(article, editor, "return", note="First note.")
    PreviewLink.create_for(article, editor)
    form, listing = admin_url(Article, "change", article.pk), admin_url(Article, "changelist")
    few = (queries_of(editor_client, form), queries_of(editor_client, listing))
    for number in range(6):
        services.perform(article, editor, "submit")
        services.perform(article, editor, "return", note=f"Note {number}.")
        PreviewLink.create_for(article, editor)
        ArticleFactory(scheduled=True)
        ArticleFactory(withdrawn=True)
    assert (queries_of(editor_client, form), queries_of(editor_client, listing)) == few
