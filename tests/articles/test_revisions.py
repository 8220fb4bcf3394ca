"""Nothing an editor writes is lost: every save keeps a revision with the article's experts,
topics and media links; revisions are compared and restored; two editors saving the same
article never overwrite each other silently."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import revisions, services
from articles.models import Article, Expert, MediaLink
from tests.support.admin_forms import admin_url, article_form, change_form, errors_of
from tests.support.factories import ArticleFactory, ExpertFactory, SourceFactory, UserFactory
from tests.support.imagefiles import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(db):
    user = UserFactory(username="mei", first_name="Mei", last_name="Lin", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def save_in_admin(client, article, **changes):
    article.refresh_from_db()
    response = client.post(
        admin_url(Article, "change", article.pk), change_form(article, **changes)
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    return article


@pytest.fixture
def story(editor):
    """A story entered in the admin with an expert, topics, a department and a media link: one
    revision."""
    expert = ExpertFactory(family_name="Huang", given_name="He")
    source = SourceFactory()
    response = client_for(editor).post(
        admin_url(Article, "add"),
        article_form(
            title="CAR-T results presented in Valencia",
            body="<p>The team presented early results.</p>",
            source=source.pk,
            tags="CAR-T, multiple myeloma",
            departments=[expert.department.pk],
            **{
                "expert_roles-TOTAL_FORMS": "1",
                "expert_roles-0-expert": expert.pk,
                "expert_roles-0-role": "speaker",
                "expert_roles-0-order": "0",
                "media_links-TOTAL_FORMS": "1",
                "media_links-0-title": "Video interview",
                "media_links-0-url": "https://video.example/car-t",
                "media_links-0-kind": "video_interview",
                "media_links-0-order": "0",
            },
        ),
    )
    assert response.status_code == 302, errors_of(response)
    return Article.objects.get()


def test_every_admin_save_keeps_a_revision_with_its_experts_topics_and_media(
    editor_client, editor, story
):
    save_in_admin(editor_client, story, body="<p>The team presented final results.</p>")
    versions = list(revisions.history(story))
    assert len(versions) == 2
    newest = versions[0]
    assert newest.revision.user == editor
    kept = {version.content_type.model for version in newest.revision.version_set.all()}
    assert kept == {"article", "articleexpert", "medialink", "articletopic", "articledepartment"}
    assert "final results" in newest.field_dict["body"]
    assert "early results" in versions[1].field_dict["body"]


def test_editorial_actions_keep_a_revision_naming_who_did_what(editor):
    article = ArticleFactory(draft=True)
    services.publish(article, editor)
    services.withdraw(article, editor)
    comments = [(v.revision.comment, v.revision.user) for v in revisions.history(article)]
    assert comments == [("Withdrawn", editor), ("Published", editor)]


def test_restore_brings_back_body_topics_experts_and_media(editor_client, story):
    first = revisions.history(story).get()
    other_expert = ExpertFactory(family_name="Okafor")
    story.refresh_from_db()
    role = story.expert_roles.get()
    department = story.departments.get()
    save_in_admin(
        editor_client,
        story,
        body="<p>Rewritten text.</p>",
        tags="immunotherapy",
        departments=[other_expert.department.pk],
        **{
            "expert_roles-0-expert": other_expert.pk,
            "media_links-0-DELETE": "on",
        },
    )
    assert story.expert_roles.get().expert == other_expert
    assert not story.media_links.exists()
    assert list(story.departments.all()) == [other_expert.department]

    restore_url = admin_url(Article, "revision", story.pk, first.pk)
    confirm = editor_client.get(restore_url)
    assert confirm.status_code == 200
    assert b"Restore this revision" in confirm.content
    response = editor_client.post(restore_url)
    assert response.status_code == 302

    story.refresh_from_db()
    assert story.body == "<p>The team presented early results.</p>"
    assert sorted(story.tags.names()) == ["CAR-T", "multiple myeloma"]
    restored_role = story.expert_roles.get()
    assert (restored_role.pk, restored_role.expert_id) == (role.pk, role.expert_id)
    assert story.media_links.get().title == "Video interview"
    assert list(story.departments.all()) == [department]
    assert revisions.history(story).first().revision.comment.startswith("Restored the revision")


def test_a_revision_that_kept_departments_with_the_article_still_restores_them(editor, story):
    """Revisions saved before departments had a link model of their own held them in the
    article's own version, as a list of ids, with no link rows."""
    (version,) = revisions.history(story)
    department = story.departments.get()
    (row,) = json.loads(version.serialized_data)
    row["fields"]["departments"] = [department.pk]
    version.serialized_data = json.dumps([row])
    version.save()
    version.revision.version_set.filter(content_type__model="articledepartment").delete()
    story.departments.clear()
    version = Version.objects.get(pk=version.pk)
    assert dict(revisions.snapshot(version))["Departments"] == str(department)
    revisions.restore_revision(version, editor)
    assert list(story.departments.all()) == [department]


def test_restoring_old_text_keeps_the_address_publication_and_image(editor, story):
    first = revisions.history(story).get()
    services.publish(story, editor)
    story.slug = "car-t-in-valencia"
    story.hero_alt = "The team on stage"
    with services.revision_by(editor, "Changed address"):
        story.save()
    restored = revisions.restore_revision(first, editor)
    assert restored.slug == "car-t-in-valencia"
    assert restored.is_published
    assert restored.hero_alt == "The team on stage"
    assert restored.updated_by == editor


def test_restore_is_refused_with_a_reason_when_an_expert_was_deleted(editor, story):
    first = revisions.history(story).get()
    expert = story.expert_roles.get().expert
    story.expert_roles.all().delete()
    expert.delete()
    body_before = Article.objects.get().body
    with pytest.raises(services.ValidationError, match="expert that has since been deleted"):
        revisions.restore_revision(first, editor)
    assert Article.objects.get().body == body_before


def test_restore_refused_in_the_admin_shows_the_reason_and_changes_nothing(
    editor_client, editor, story
):
    first = revisions.history(story).get()
    story.tags.clear()
    story.expert_roles.all().delete()
    Expert.objects.all().delete()
    response = editor_client.post(admin_url(Article, "revision", story.pk, first.pk), follow=True)
    assert "has since been deleted" in response.content.decode()
    assert not story.expert_roles.exists()


def test_history_compares_two_revisions_word_by_word(editor_client, story):
    save_in_admin(editor_client, story, body="<p>The team presented final results.</p>")
    newer, older = revisions.history(story)
    history = editor_client.get(admin_url(Article, "history", story.pk)).content.decode()
    assert "Compare selected revisions" in history
    url = reverse_compare(story)
    page = editor_client.get(url, {"old": older.pk, "new": newer.pk}).content.decode()
    assert "<del>early</del> <ins>final</ins>" in page
    assert "Headline" not in page  # unchanged lines are not listed


def test_compare_without_two_revisions_explains_what_to_do(editor_client, story):
    response = editor_client.get(reverse_compare(story), {"old": "x"}, follow=True)
    assert "Choose two revisions to compare." in response.content.decode()


def reverse_compare(article):
    return reverse("admin:articles_article_compare", args=[article.pk])


def test_word_diff_escapes_what_it_shows():
    html = revisions.word_diff("<b>old</b> text", "<script>x</script> text")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# No lost updates


def test_second_save_from_an_outdated_form_is_refused_and_keeps_that_text(editor, second_editor):
    editor.first_name, editor.last_name = "Ada", "Osei"
    editor.save()
    article = ArticleFactory(title="Stroke unit opens", body="<p>Original text.</p>")
    ada, mei = client_for(editor), client_for(second_editor)
    url = admin_url(Article, "change", article.pk)
    ada_form = ada.get(url).context["adminform"].form
    mei_form = mei.get(url).context["adminform"].form
    ada_data = change_form(article, title="Stroke unit opens on Monday")
    mei_data = change_form(article, body="<p>Mei's careful rewrite.</p>")
    for data, form in ((ada_data, ada_form), (mei_data, mei_form)):
        data["opened_edit_token"] = str(form["opened_edit_token"].value())

    assert ada.post(url, ada_data).status_code == 302
    refused = mei.post(url, mei_data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Not saved: Ada Osei saved this article at" in page
    assert "Mei&#x27;s careful rewrite." in page or "Mei's careful rewrite." in page
    article.refresh_from_db()
    assert article.title == "Stroke unit opens on Monday"
    assert article.body == "<p>Original text.</p>"

    # Saving again from the refused form is a deliberate choice; Ada's version stays in History.
    again = refused.context["adminform"].form["opened_edit_token"].value()
    mei_data["opened_edit_token"] = again
    mei_data["title"] = "Stroke unit opens on Monday"
    assert mei.post(url, mei_data).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Mei's careful rewrite.</p>"
    assert article.updated_by == second_editor


def test_a_save_without_the_edit_token_is_refused(editor_client):
    article = ArticleFactory(title="Original")
    data = change_form(article, title="Blind overwrite")
    del data["opened_edit_token"]
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert "Not saved" in errors_of(response)["__all__"][0]
    article.refresh_from_db()
    assert article.title == "Original"


def test_withdrawing_while_someone_edits_makes_their_form_outdated(editor_client, second_editor):
    article = ArticleFactory(title="Clinic news")
    data = change_form(article, title="Clinic news, updated")
    services.withdraw(article, second_editor)
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert "Mei Lin saved this article" in errors_of(response)["__all__"][0]
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_admin_page_shows_who_published_and_who_changed_last(editor_client, editor, second_editor):
    editor.first_name, editor.last_name = "Ada", "Osei"
    editor.save()
    article = ArticleFactory(draft=True)
    services.publish(article, editor)
    services.set_featured(article, second_editor, True)
    page = editor_client.get(admin_url(Article, "change", article.pk)).content.decode()
    assert "Published by Ada Osei on" in page
    assert "Last changed by Mei Lin on" in page


def test_publisher_is_recorded_when_an_editor_publishes_in_the_form(editor_client, editor):
    article = ArticleFactory(draft=True)
    save_in_admin(
        editor_client,
        article,
        _action="publish",
        published_at_0="2024-04-23",
        published_at_1="09:00:00",
    )
    assert (article.published_by, article.updated_by) == (editor, editor)


# Deletion and recovery


def test_editor_deletes_after_confirmation_and_recovers_the_article(editor_client, story):
    story_pk, story_slug = story.pk, story.slug
    confirm = editor_client.get(admin_url(Article, "delete", story.pk))
    assert b"Are you sure" in confirm.content
    editor_client.post(admin_url(Article, "delete", story.pk), {"post": "yes"})
    assert not Article.objects.filter(pk=story_pk).exists()
    assert not MediaLink.objects.exists()

    recover_list = editor_client.get(admin_url(Article, "recoverlist"))
    assert "CAR-T results presented in Valencia" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Article).get()
    response = editor_client.post(admin_url(Article, "recover", deleted.pk))
    assert response.status_code == 302

    recovered = Article.objects.get(pk=story_pk)
    assert recovered.slug == story_slug
    assert sorted(recovered.tags.names()) == ["CAR-T", "multiple myeloma"]
    assert recovered.expert_roles.get().expert.family_name == "Huang"
    assert recovered.media_links.get().url == "https://video.example/car-t"
    assert revisions.history(recovered).first().revision.comment.startswith("Recovered")


def test_recovery_takes_a_new_address_if_the_old_one_was_reused(editor, story):
    deleted_slug = story.slug
    story.delete()
    ArticleFactory(slug=deleted_slug)
    recovered = revisions.restore_revision(Version.objects.get_deleted(Article).get(), editor)
    assert recovered.slug == f"{deleted_slug}-2"


def test_recovered_article_without_its_image_files_loses_only_the_image(
    editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(draft=True, hero_alt="A ward")
    article.hero_image.save("ward.jpg", ContentFile(image_bytes("JPEG")), save=False)
    with services.revision_by(editor, "Saved"):
        article.save()
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()  # its image files go with it
    assert not list((settings.MEDIA_ROOT / "articles").rglob("*.*"))
    recovered = revisions.restore_revision(Version.objects.get_deleted(Article).get(), editor)
    assert not recovered.hero_image
    assert recovered.hero_alt == ""
    assert recovered.title == article.title


def test_contributors_cannot_see_or_use_recovery(contributor_client, story):
    story.delete()
    deleted = Version.objects.get_deleted(Article).get()
    assert contributor_client.get(admin_url(Article, "recoverlist")).status_code == 403
    assert contributor_client.post(admin_url(Article, "recover", deleted.pk)).status_code == 403
    assert not Article.objects.exists()
    changelist = contributor_client.get(admin_url(Article, "changelist")).content.decode()
    assert "Recover deleted articles" not in changelist


def test_contributor_cannot_restore_someone_elses_article(contributor_client, story):
    version = revisions.history(story).get()
    response = contributor_client.post(admin_url(Article, "revision", story.pk, version.pk))
    assert response.status_code == 404


def test_snapshot_of_a_revision_reads_like_the_article(story):
    lines = dict(revisions.snapshot(revisions.history(story).get()))
    assert lines["Headline"] == "CAR-T results presented in Valencia"
    assert lines["Text"] == "The team presented early results."
    assert lines["Topics"] == "CAR-T, multiple myeloma"
    assert lines["Experts"].endswith("(Speaker)")
    assert lines["Media links"] == "Video interview <https://video.example/car-t>"
