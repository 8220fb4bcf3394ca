"""Uploaded images are stored under names nobody can guess, so that the image of a draft is not
found by trying the name it was uploaded with; staff still see that name."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from media import renditions
from tests.support.admin_forms import admin_url, article_form, errors_of
from tests.support.factories import ArticleFactory, ExpertFactory, SourceFactory
from tests.support.imagefiles import image_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

UNGUESSABLE = r"-[0-9a-f]{20}"


def test_an_upload_is_stored_under_an_unguessable_name_with_its_renditions():
    article = ArticleFactory(
        hero_image=upload(image_bytes("JPEG"), "ward-round.jpg"), hero_alt="The ward round"
    )
    assert re.fullmatch(
        rf"articles/\d{{4}}/\d\d/ward-round{UNGUESSABLE}\.jpg", article.hero_image.name
    )
    for name in renditions.manifest_files(article.hero_renditions):
        assert re.search(rf"/ward-round{UNGUESSABLE}/", name), name
    assert article.hero_renditions["original_name"] == "ward-round.jpg"


def test_two_uploads_under_one_name_get_different_names():
    first, second = (
        ArticleFactory(hero_image=upload(image_bytes("JPEG"), "photo.jpg"), hero_alt="A photo")
        for _ in range(2)
    )
    assert first.hero_image.name != second.hero_image.name


def test_staff_see_the_name_the_image_was_uploaded_with(editor_client):
    data = article_form(source=SourceFactory().pk, hero_alt="The new ward")
    data["hero_image"] = upload(image_bytes("JPEG"), "new-ward-opening.jpg")
    response = editor_client.post(admin_url(ArticleFactory._meta.model, "add"), data)
    assert response.status_code == 302, errors_of(response)
    article = ArticleFactory._meta.model.objects.get()
    form = editor_client.get(admin_url(type(article), "change", article.pk)).content.decode()
    assert "new-ward-opening.jpg" in form


def store_under_old_name(name, content):
    """A file as earlier versions stored it: under the name it was uploaded with."""
    return default_storage.save(name, ContentFile(content))


def test_the_rename_command_gives_old_files_unguessable_names(django_capture_on_commit_callbacks):
    old_name = store_under_old_name("articles/2024/04/ward.jpg", image_bytes("JPEG"))
    article = ArticleFactory(hero_image=old_name, hero_alt="The ward")
    expert = ExpertFactory(photo=store_under_old_name("experts/huang.png", image_bytes("PNG")))
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_uploaded_images", stdout=output)
    assert "Renamed 2 images" in output.getvalue()
    article.refresh_from_db()
    expert.refresh_from_db()
    assert re.search(rf"/ward{UNGUESSABLE}\.jpg$", article.hero_image.name)
    assert re.search(rf"/huang{UNGUESSABLE}\.png$", expert.photo.name)
    assert article.hero_renditions["original_name"] == "ward.jpg"
    assert set(stored_files()) == {
        article.hero_image.name,
        *renditions.manifest_files(article.hero_renditions),
        expert.photo.name,
        *renditions.manifest_files(expert.photo_renditions),
    }  # the files under the old names are gone

    again = io.StringIO()
    call_command("rename_uploaded_images", stdout=again)
    assert "Renamed 0 images" in again.getvalue()


def test_the_rename_command_reports_a_missing_file_and_goes_on():
    ArticleFactory(hero_image="articles/2024/04/lost.jpg", hero_alt="Lost")
    errors = io.StringIO()
    call_command("rename_uploaded_images", stdout=io.StringIO(), stderr=errors)
    assert "articles/2024/04/lost.jpg" in errors.getvalue()
