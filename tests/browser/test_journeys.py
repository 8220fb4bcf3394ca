"""From editor to reader in a real browser: the admin forms with their JavaScript (autocomplete,
text editor, inline rows, file upload), then the public pages and the feed."""

import re
import subprocess

from playwright.sync_api import expect

from articles.models import Article
from tests.support.factories import ConferenceFactory, ExpertFactory, SourceFactory
from tests.support.imagefiles import image_bytes

from .conftest import CHROMIUM, browser_test, choose, log_in, press, staff_user, write_text

pytestmark = browser_test

TITLE = "Haematology team shares CAR-T advances in Valencia"


def test_an_editor_publishes_the_car_t_item_and_a_reader_follows_it(page, site):
    staff_user("editor", "Editors")
    source = SourceFactory(name="First Affiliated Hospital of Zhejiang University")
    expert = ExpertFactory(
        honorific="Prof.", family_name="Huang", given_name="He", name_order="family_first"
    )
    conference = ConferenceFactory(
        name="European CAR-T Conference", edition="6th", city="Valencia", country="Spain"
    )

    log_in(page, site, "editor")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{site}/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially(TITLE)  # typed: the slug follows each key
    expect(page.locator("#id_slug")).to_have_value(re.compile("^haematology-team-shares"))
    page.fill("#id_summary", "The team presented its cell therapy results for myeloma.")
    write_text(page, "Patients with multiple myeloma took part in the trial.")
    page.fill("#id_published_at_0", "2024-04-23")
    page.fill("#id_published_at_1", "09:00:00")
    choose(page, "id_source", "First Affiliated")
    choose(page, "id_departments", expert.department.name)
    choose(page, "id_conferences", "European CAR-T")
    page.fill("#id_tags", "CAR-T, multiple myeloma")
    page.set_input_files(
        "#id_hero_image",
        files=[{"name": "team.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}],
    )
    page.fill("#id_hero_alt", "The haematology team on the conference stage")
    choose(page, "id_expert_roles-0-expert", "Huang")
    page.select_option("#id_expert_roles-0-role", "speaker")
    page.get_by_text("Add another Media link").click()
    page.fill("#id_media_links-0-title", "Video interview on CAR-T")
    page.select_option("#id_media_links-0-kind", "video_interview")
    page.fill("#id_media_links-0-url", "https://video.example/car-t")
    press(page, "Publish now")  # the date given back-dates it
    expect(page.locator(".messagelist .success")).to_contain_text(f"“{TITLE}”: published.")

    assert not [text for text in console if "Content Security Policy" in text]
    article = Article.objects.get(title=TITLE)
    assert article.is_published and article.hero_image
    assert article.expert_roles.get().expert == expert

    # A reader, in a browser with no session.
    reader = page.context.browser.new_page()
    reader.goto(f"{site}/")
    reader.get_by_role("link", name=TITLE).first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("main img").first).to_have_attribute(
        "alt", "The haematology team on the conference stage"
    )
    article_url = reader.url
    reader.locator(f"main a[href='{expert.get_absolute_url()}']").first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Prof. HUANG He")
    reader.goto(article_url)
    reader.locator(f"main a[href='{conference.get_absolute_url()}']").first.click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("European CAR-T Conference")
    feed = reader.request.get(f"{site}/feeds/news.rss")
    assert feed.ok and TITLE in feed.text()
    assert source.name in reader.request.get(article_url).text()


def test_a_contributor_submits_a_draft_that_only_an_editor_can_publish(browser, site):
    staff_user("contributor", "Contributors")
    staff_user("editor", "Editors")
    SourceFactory(name="Children's Hospital")
    title = "New family room opens on the children's ward"

    contributor = browser.new_page()
    log_in(contributor, site, "contributor")
    contributor.goto(f"{site}/admin/articles/article/add/")
    buttons = contributor.locator(".desk-actions button").all_text_contents()
    assert buttons == ["Save draft", "Submit for review"]
    assert contributor.locator("#id_status").count() == 0
    contributor.fill("#id_title", title)
    contributor.fill("#id_summary", "Parents can now stay close to their children overnight.")
    write_text(contributor, "The room has two beds and a small kitchen.")
    choose(contributor, "id_source", "Children's Hospital")
    press(contributor, "Submit for review")
    expect(contributor.locator(".messagelist .success")).to_be_visible()
    contributor.goto(f"{site}/admin/articles/article/")
    actions = contributor.locator("select[name=action] option").all_text_contents()
    assert not any("Publish" in action for action in actions)
    article = Article.objects.get(title=title)
    assert article.status == Article.Status.IN_REVIEW
    assert contributor.request.get(f"{site}{article.get_absolute_url()}").status == 404

    editor = browser.new_page()
    log_in(editor, site, "editor")
    editor.goto(f"{site}/admin/articles/article/")
    editor.locator("tr", has_text=title).locator("input.action-select").check()
    editor.select_option("select[name=action]", "publish_selected")
    editor.get_by_role("button", name="Go").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("published")

    reader = browser.new_page()
    reader.goto(f"{site}/news/")
    reader.get_by_role("link", name=title).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)


def test_the_browser_is_debians_chromium(browser):
    """Nothing was downloaded: the tests drive the system's Chromium."""
    installed = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True)
    assert browser.version in installed.stdout
