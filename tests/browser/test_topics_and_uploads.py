"""A contributor who types a topic that does not exist yet is told so, with the one they may
have meant, and loses nothing they wrote; an editor sees under which name an image was uploaded,
though it is stored under a name nobody can guess."""

from playwright.sync_api import expect

from articles.models import Article
from tests.support.factories import SourceFactory, TopicFactory
from tests.support.imagefiles import image_bytes

from .conftest import browser_test, choose, log_in, press, screenshot, staff_user, write_text

pytestmark = browser_test


def test_a_contributor_is_told_to_pick_an_existing_topic_and_keeps_the_text(page, site):
    staff_user("contributor", "Contributors")
    SourceFactory(name="Children's Hospital")
    TopicFactory(name="Paediatrics")
    title = "A new play room for long stays"
    log_in(page, site, "contributor")
    page.goto(f"{site}/admin/articles/article/add/")
    page.fill("#id_title", title)
    page.fill("#id_summary", "Children staying for weeks get a room of their own.")
    write_text(page, "The room opens on Monday.")
    choose(page, "id_source", "Children's Hospital")
    expect(page.locator(".field-tags .help")).to_contain_text("Existing topics")
    page.fill("#id_tags", "paediatrics, Play therapy")
    press(page, "Save draft")

    error = page.locator(".field-tags .errorlist")
    expect(error).to_contain_text("Not a topic yet:")
    expect(error).to_contain_text("“paediatrics”")
    expect(error).to_contain_text("“Play therapy”")
    expect(error).to_contain_text("Did you mean “Paediatrics”?")
    expect(page.locator("#id_title")).to_have_value(title)  # nothing lost
    screenshot(page, "contributor-unknown-topic")
    assert not Article.objects.exists()

    page.fill("#id_tags", "Paediatrics,")
    press(page, "Save draft")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert list(Article.objects.get(title=title).tags.names()) == ["Paediatrics"]


def test_an_editor_sees_the_name_an_image_was_uploaded_as(page, site, tmp_path):
    staff_user("editor", "Editors")
    SourceFactory(name="Riverside Hospital")
    photo = tmp_path / "new-ward-opening.jpg"
    photo.write_bytes(image_bytes("JPEG"))
    log_in(page, site, "editor")
    page.goto(f"{site}/admin/articles/article/add/")
    page.fill("#id_title", "The new ward opens")
    page.fill("#id_summary", "Forty beds and a garden.")
    write_text(page, "The ward opens to patients today.")
    choose(page, "id_source", "Riverside Hospital")
    page.set_input_files("#id_hero_image", str(photo))
    page.fill("#id_hero_alt", "The new ward with its garden")
    press(page, "Save draft")
    expect(page.locator(".messagelist .success")).to_be_visible()

    field = page.locator(".field-hero_image")
    expect(field).to_contain_text("(uploaded as “new-ward-opening.jpg”)")
    stored = Article.objects.get().hero_image.name
    assert "new-ward-opening-" in stored and stored.endswith(".jpg")
    expect(field.get_by_role("link")).to_have_text(stored)
    screenshot(page, "editor-uploaded-as")
