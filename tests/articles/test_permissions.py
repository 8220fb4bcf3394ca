"""Contributors write and submit; only editors publish, schedule, withdraw, feature and delete.
Every rule is checked on the server, with the POSTs a crafted request could send."""

import pytest

from articles.models import Article
from tests.support.admin_forms import admin_url, article_form, editing, errors_of
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_contributor_creates_a_draft_and_submits_it_for_review(contributor_client, contributor):
    response = contributor_client.post(admin_url(Article, "add"), article_form())
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.created_by == contributor
    assert article.status == Article.Status.DRAFT

    data = article_form(
        title=article.title, slug=article.slug, _action="submit", **editing(article)
    )
    response = contributor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert (article.submitted_by, article.submitted_at is not None) == (contributor, True)


def test_contributor_is_offered_only_save_draft_and_submit(contributor_client):
    response = contributor_client.get(admin_url(Article, "add"))
    assert [action["name"] for action in response.context["desk_actions"]] == [
        "save_draft",
        "submit",
    ]
    assert "status" not in response.context["adminform"].form.fields


@pytest.mark.parametrize("action", ["publish", "schedule", "withdraw", "return"])
def test_contributor_crafted_post_cannot_publish_or_withdraw(contributor_client, action):
    source = ArticleFactory().source
    data = article_form(
        _action=action,
        source=source.pk,
        published_at_0="2024-01-01",
        published_at_1="10:00",
        schedule_at_0="2099-01-01",
        schedule_at_1="10:00",
        review_note="Looks fine",
    )
    response = contributor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 200
    assert "is for editors" in errors_of(response)["__all__"][0]
    assert Article.objects.count() == 1


def test_contributor_cannot_publish_an_own_draft_by_editing_it(contributor_client, contributor):
    draft = ArticleFactory(draft=True, created_by=contributor)
    data = article_form(
        title=draft.title,
        slug=draft.slug,
        _action="publish",
        source=draft.source.pk,
        published_at_0="2024-01-01",
        published_at_1="10:00",
        **editing(draft),
    )
    response = contributor_client.post(admin_url(Article, "change", draft.pk), data)
    assert response.status_code == 200
    assert "is for editors" in errors_of(response)["__all__"][0]
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_contributor_cannot_feature_or_date_an_article_by_posting_those_fields(
    contributor_client,
):
    data = article_form(is_featured="on", published_at_0="2024-01-01", published_at_1="10:00")
    contributor_client.post(admin_url(Article, "add"), data)
    article = Article.objects.get()
    assert not article.is_featured
    assert article.published_at is None


@pytest.mark.parametrize("action", ["publish_selected", "withdraw_selected", "feature_selected"])
def test_contributor_cannot_run_editor_actions(contributor_client, contributor, action):
    draft = ArticleFactory(draft=True, created_by=contributor)
    response = contributor_client.post(
        admin_url(Article, "changelist"), {"action": action, "_selected_action": [draft.pk]}
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert not draft.is_featured


def test_contributor_does_not_see_or_edit_other_peoples_articles(contributor_client, editor):
    other = ArticleFactory(draft=True, created_by=editor, title="Someone else's draft")
    changelist = contributor_client.get(admin_url(Article, "changelist")).content.decode()
    assert "Someone else" not in changelist
    response = contributor_client.post(
        admin_url(Article, "change", other.pk), article_form(title="Overwritten", **editing(other))
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.title == "Someone else's draft"


def test_contributor_cannot_edit_their_article_once_published(contributor_client, contributor):
    article = ArticleFactory(created_by=contributor, title="Published story")
    data = article_form(title="Changed", **editing(article))
    contributor_client.post(admin_url(Article, "change", article.pk), data)
    article.refresh_from_db()
    assert article.title == "Published story"


def test_contributor_cannot_delete(contributor_client, contributor):
    draft = ArticleFactory(draft=True, created_by=contributor)
    response = contributor_client.post(admin_url(Article, "delete", draft.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=draft.pk).exists()


def test_contributor_cannot_change_experts_or_users(contributor_client):
    from django.urls import reverse

    assert contributor_client.get(reverse("admin:articles_expert_add")).status_code == 403
    assert contributor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_editor_deletes_after_confirmation(editor_client):
    article = ArticleFactory()
    confirm = editor_client.get(admin_url(Article, "delete", article.pk))
    assert b"Are you sure" in confirm.content
    editor_client.post(admin_url(Article, "delete", article.pk), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()


def test_editor_edits_any_article_and_schedules_it(editor_client, contributor):
    article = ArticleFactory(in_review=True, created_by=contributor)
    data = article_form(
        title=article.title,
        slug=article.slug,
        _action="schedule",
        source=article.source.pk,
        schedule_at_0="2099-01-01",
        schedule_at_1="08:00",
        **editing(article),
    )
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.is_scheduled
    assert not Article.objects.published().exists()


def other_admin_models():
    from django.contrib import admin

    return sorted(
        (model for model in admin.site._registry if model is not Article),
        key=lambda model: model._meta.label,
    )


@pytest.mark.parametrize("model", other_admin_models(), ids=lambda model: model._meta.label)
def test_contributor_crafted_posts_cannot_add_change_or_delete_other_records(
    contributor_client, contributor, model
):
    from tests.support.factories import (
        ConferenceFactory,
        DepartmentFactory,
        ExpertFactory,
        SourceFactory,
        TopicFactory,
    )

    existing = {
        "articles.Source": SourceFactory,
        "articles.Department": DepartmentFactory,
        "articles.Expert": ExpertFactory,
        "articles.Conference": ConferenceFactory,
        "articles.Topic": TopicFactory,
    }.get(model._meta.label, lambda: model.objects.first())()
    before = model.objects.count()
    crafted = {"name": "Crafted", "username": "crafted", "family_name": "Crafted", "post": "yes"}
    assert contributor_client.post(admin_url(model, "add"), crafted).status_code == 403
    if existing is not None:
        change = contributor_client.post(admin_url(model, "change", existing.pk), crafted)
        delete = contributor_client.post(admin_url(model, "delete", existing.pk), crafted)
        assert change.status_code == delete.status_code == 403
        assert model.objects.filter(pk=existing.pk).exists()
    assert model.objects.count() == before


def test_contributor_cannot_delete_through_the_bulk_action(contributor_client, contributor):
    draft = ArticleFactory(draft=True, created_by=contributor)
    contributor_client.post(
        admin_url(Article, "changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert Article.objects.filter(pk=draft.pk).exists()


def test_contributor_cannot_recover_or_restore_revisions(contributor_client, contributor):
    from django.urls import reverse

    assert contributor_client.get(reverse("admin:articles_article_recoverlist")).status_code == 403
