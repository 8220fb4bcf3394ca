"""The buttons of the article form: which the domain offers whom in which state, what each does,
and the same rule for a crafted POST, a bulk action and code. Nothing is lost on a refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, ReviewNote
from tests.support.admin_forms import admin_url, change_form, errors_of
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db
State = Article.State


def offered(article, user):
    return [action.name for action in services.available_actions(article, user)]


@pytest.mark.parametrize(
    ("trait", "editor_actions", "contributor_actions"),
    [
        ("draft", ["save_draft", "submit", "publish", "schedule"], ["save_draft", "submit"]),
        ("in_review", ["update", "publish", "schedule", "return"], ["update"]),
        ("scheduled", ["update", "publish", "schedule", "withdraw"], []),
        ("published", ["update", "withdraw"], []),
        ("withdrawn", ["update", "publish"], []),
    ],
)
def test_each_state_offers_its_actions_by_role(
    trait, editor_actions, contributor_actions, editor, contributor
):
    article = ArticleFactory(**{trait: True}, created_by=contributor)
    assert offered(article, editor) == editor_actions
    assert offered(article, contributor) == contributor_actions


def test_a_new_article_is_a_draft_and_the_first_button_never_publishes(editor, contributor):
    assert offered(Article(), editor)[0] == "save_draft"
    for trait in ("draft", "in_review", "scheduled", "published", "withdrawn"):
        first = offered(ArticleFactory(**{trait: True}), editor)[0]
        assert first in ("save_draft", "update"), trait


def test_the_state_read_is_the_stored_one_not_what_a_form_changed(editor):
    article = ArticleFactory(draft=True)
    article.status = Article.Status.PUBLISHED  # in memory only, as a crafted form might
    assert services.stored_state(article) == State.DRAFT
    assert "withdraw" not in offered(article, editor)


def test_buttons_on_the_form_say_what_they_do(editor_client, editor):
    scheduled = ArticleFactory(scheduled=True)
    page = editor_client.get(admin_url(Article, "change", scheduled.pk)).content.decode()
    assert "Save, keep the schedule" in page and "Reschedule…" in page
    assert "Publish now" in page and 'value="withdraw"' in page
    assert 'name="status"' not in page
    public = ArticleFactory()
    page = editor_client.get(admin_url(Article, "change", public.pk)).content.decode()
    update = '<button type="submit" name="_action" value="update" class="button default">Update'
    assert update in page
    assert "Publish now" not in page


def test_publish_now_dates_the_article_now_unless_it_was_back_dated(editor):
    draft = ArticleFactory(draft=True)
    services.perform(draft, editor, "publish")
    assert draft.is_published and timezone.now() - draft.published_at < timedelta(seconds=5)
    back_dated = ArticleFactory(draft=True)
    back_dated.published_at = timezone.now() - timedelta(days=400)
    services.perform(back_dated, editor, "publish")
    assert back_dated.published_at < timezone.now() - timedelta(days=399)
    future = ArticleFactory(scheduled=True)
    services.perform(future, editor, "publish")
    assert future.is_published


def test_schedule_needs_a_time_to_come(editor):
    draft = ArticleFactory(draft=True)
    with pytest.raises(ValidationError) as missing:
        services.perform(draft, editor, "schedule")
    assert "schedule_at" in missing.value.message_dict
    with pytest.raises(ValidationError) as past:
        services.perform(draft, editor, "schedule", at=timezone.now() - timedelta(minutes=1))
    assert "future" in past.value.message_dict["schedule_at"][0]
    at = timezone.now() + timedelta(days=2)
    services.perform(draft, editor, "schedule", at=at)
    draft.refresh_from_db()
    assert draft.state == State.SCHEDULED and draft.published_at == at


def test_an_update_cannot_move_a_public_story_out_of_sight(editor):
    public = ArticleFactory()
    public.published_at = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.perform(public, editor, "update")
    assert "withdraw it first" in refused.value.message_dict["published_at"][0]
    assert Article.objects.get(pk=public.pk).is_published


def test_an_update_of_a_scheduled_story_cannot_put_its_time_in_the_past(editor):
    scheduled = ArticleFactory(scheduled=True)
    scheduled.published_at = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError):
        services.perform(scheduled, editor, "update")
    assert Article.objects.get(pk=scheduled.pk).is_scheduled


def test_submit_records_who_and_when_and_return_keeps_the_note_with_the_revision(
    editor, contributor
):
    draft = ArticleFactory(draft=True, created_by=contributor)
    services.perform(draft, contributor, "submit")
    assert (draft.status, draft.submitted_by) == (Article.Status.IN_REVIEW, contributor)
    services.perform(draft, editor, "return", note="Please check the dosage in paragraph 2.")
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    note = ReviewNote.objects.get()
    assert (note.article, note.written_by) == (draft, editor)
    latest = Version.objects.get_for_object(draft).first()
    assert note.revision == latest.revision
    assert latest.revision.comment == (
        "Returned to its author: Please check the dosage in paragraph 2."
    )


def test_return_needs_a_note(editor):
    article = ArticleFactory(in_review=True)
    with pytest.raises(ValidationError) as refused:
        services.perform(article, editor, "return", note="  ")
    assert "review_note" in refused.value.message_dict
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW


def test_a_contributor_in_code_is_held_to_the_same_rule(contributor):
    draft = ArticleFactory(draft=True, created_by=contributor)
    with pytest.raises(PermissionDenied, match="is for editors"):
        services.perform(draft, contributor, "publish")
    with pytest.raises(PermissionDenied, match="not possible for an article that is published"):
        services.perform(ArticleFactory(), contributor, "update")


def test_every_action_keeps_a_revision_naming_who_did_it(editor, contributor):
    article = ArticleFactory(draft=True, created_by=contributor)
    steps = [
        (contributor, "submit", {}),
        (editor, "return", {"note": "Shorter title."}),
        (contributor, "submit", {}),
        (editor, "schedule", {"at": timezone.now() + timedelta(hours=3)}),
        (editor, "publish", {}),
        (editor, "update", {}),
        (editor, "withdraw", {}),
        (editor, "publish", {}),
    ]
    for user, name, options in steps:
        services.perform(article, user, name, **options)
    revisions = [v.revision for v in Version.objects.get_for_object(article)][::-1]
    assert [r.comment.split(":")[0] for r in revisions] == [
        "Submitted for review",
        "Returned to its author",
        "Submitted for review",
        "Scheduled",
        "Published",
        "Saved",
        "Withdrawn",
        "Published",
    ]
    assert [r.user for r in revisions] == [user for user, _, _ in steps]


# Through the admin form


def test_the_form_takes_the_button_pressed(editor_client):
    article = ArticleFactory(in_review=True)
    data = change_form(article, _action="schedule", schedule_at_0="2099-05-01")
    data["schedule_at_1"] = "09:30"
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, errors_of(response)
    assert response["Location"] == admin_url(Article, "change", article.pk)
    article.refresh_from_db()
    assert article.is_scheduled
    assert f"{timezone.localtime(article.published_at):%Y-%m-%d %H:%M}" == "2099-05-01 09:30"


def test_a_refused_action_comes_back_with_everything_typed(editor_client):
    article = ArticleFactory(in_review=True, title="Original title")
    data = change_form(article, _action="return", title="A better title", review_note="")
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 200
    assert "Write a note for the author" in response.content.decode()
    assert response.context["adminform"].form["title"].value() == "A better title"
    article.refresh_from_db()
    assert (article.title, article.status) == ("Original title", Article.Status.IN_REVIEW)


def test_a_crafted_post_cannot_take_an_action_the_state_does_not_offer(editor_client):
    public = ArticleFactory()
    response = editor_client.post(
        admin_url(Article, "change", public.pk), change_form(public, _action="return")
    )
    assert response.status_code == 200
    assert "not possible for an article that is published" in errors_of(response)["__all__"][0]


def test_a_post_without_a_button_takes_the_first_action(editor_client):
    article = ArticleFactory(draft=True)
    response = editor_client.post(
        admin_url(Article, "change", article.pk), change_form(article, title="Typed, then Enter")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Typed, then Enter", Article.Status.DRAFT)


def test_the_revision_of_a_form_action_says_the_action_then_the_changes(editor_client):
    article = ArticleFactory(draft=True)
    editor_client.post(
        admin_url(Article, "change", article.pk),
        change_form(article, _action="publish", title="New headline"),
    )
    comment = Version.objects.get_for_object(article).first().revision.comment
    assert comment.startswith("Published. Changed")
    assert "Title" in comment


def test_the_author_reads_the_review_note_on_the_form(client, contributor, editor):
    article = ArticleFactory(in_review=True, created_by=contributor)
    services.perform(article, editor, "return", note="Add the trial's registration number.")
    client.force_login(contributor)
    page = client.get(admin_url(Article, "change", article.pk)).content.decode()
    assert "Review notes" in page and "Add the trial&#x27;s registration number." in page


def test_bulk_actions_follow_the_same_rule(editor_client):
    public, draft = ArticleFactory(title="Already public"), ArticleFactory(draft=True)
    response = editor_client.post(
        admin_url(Article, "changelist"),
        {"action": "publish_selected", "_selected_action": [public.pk, draft.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("“Already public” was not changed" in m for m in messages)
    draft.refresh_from_db()
    assert draft.is_published


def test_a_time_or_note_typed_then_another_button_pressed_is_not_dropped(editor_client):
    article = ArticleFactory(in_review=True)
    data = change_form(article, _action="update", schedule_at_0="2099-05-01")
    data["schedule_at_1"] = "09:30"
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 200
    assert "Press “Schedule” to use this" in errors_of(response)["schedule_at"][0]
    response = editor_client.post(
        admin_url(Article, "change", article.pk),
        change_form(article, review_note="Needs a source."),
    )
    assert "Press “Return to author” to use this" in errors_of(response)["review_note"][0]
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
