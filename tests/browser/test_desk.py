"""A story's life through the desk, in Chromium: a contributor writes it and shares a preview
with the expert it quotes, the expert reads the draft without an account, an editor returns it
with a note, schedules it, then publishes it; each sees the desk, the buttons and the emails."""

from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from articles import services
from articles.models import Article
from desk.models import PreviewLink
from tests.support.factories import ArticleFactory, SourceFactory
from tests.support.tasks import run_worker

from .conftest import (
    WCAG_21_AA,
    browser_test,
    choose,
    log_in,
    press,
    screenshot,
    staff_user,
    write_text,
)

pytestmark = browser_test

TITLE = "Heart team trials a smaller valve"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def both_widths(page, name):
    for label, size in (("1280", DESKTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(DESKTOP)


def test_a_story_goes_from_contributor_to_expert_to_editor_to_the_public(browser, site):
    writer = staff_user("amara", "Contributors")
    writer.email = "amara@hospital.example"
    writer.save()
    chief = staff_user("lee", "Editors")
    chief.email = "lee@hospital.example"
    chief.save()
    SourceFactory(name="Riverside University Hospital")

    # The contributor writes a draft and shares it with the expert.
    contributor = browser.new_page(viewport=DESKTOP)
    log_in(contributor, site, "amara")
    expect(contributor.get_by_role("heading", name="My drafts")).to_be_visible()
    contributor.get_by_role("link", name="Write an article").click()
    contributor.fill("#id_title", TITLE)
    title_width = contributor.locator("#id_title").bounding_box()["width"]
    assert title_width >= 600  # a normal headline reads whole
    contributor.fill("#id_summary", "A valve the size of a coin, fitted without open surgery.")
    write_text(contributor, "Surgeons fitted the first valve on Tuesday.")
    choose(contributor, "id_source", "Riverside University")
    assert contributor.locator(".desk-actions button").all_text_contents() == [
        "Save draft",
        "Submit for review",
    ]
    press(contributor, "Save draft")
    expect(contributor.locator(".messagelist .success")).to_contain_text("saved as a draft")
    contributor.get_by_label("Valid for").select_option("3")
    press(contributor, "Share preview link")
    expect(contributor.locator(".messagelist .success")).to_contain_text("Preview link made")
    link = contributor.locator(".preview-link-url").input_value()
    assert link.startswith(f"{site}/preview/")
    expect(contributor.locator("#preview-links")).to_contain_text("Amara")
    both_widths(contributor, "desk-form-draft")

    # The expert, in a browser of their own with no account, reads the draft.
    expert = browser.new_page(viewport=DESKTOP)
    response = expert.goto(link)
    assert response.headers["cache-control"].startswith("private") or (
        "no-store" in response.headers["cache-control"]
    )
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(expert.get_by_role("status")).to_contain_text("Draft — not public")
    expect(expert.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(expert.get_by_role("link", name="Back to editing")).to_have_count(0)
    both_widths(expert, "desk-preview")

    # The contributor submits it; the editor is told, and finds it on the desk.
    press(contributor, "Submit for review")
    expect(contributor.locator(".messagelist .success")).to_contain_text("submitted for review")
    run_worker()
    assert [m.subject for m in mail.outbox] == [f"For review: {TITLE}"]
    editor = browser.new_page(viewport=DESKTOP)
    log_in(editor, site, "lee")
    review = editor.locator("#desk-review")
    expect(review).to_contain_text("Submitted by Amara")
    both_widths(editor, "desk-home-editor")
    review.get_by_role("link", name=TITLE).click()
    editor.locator("summary", has_text="Return to author").click()
    editor.get_by_label("Note for the author").fill("Please add the patient's age.")
    press(editor, "Return to author")
    expect(editor.locator(".messagelist .success")).to_contain_text("returned to its author")
    run_worker()
    returned = [m for m in mail.outbox if m.to == ["amara@hospital.example"]]
    assert "Please add the patient's age." in returned[0].body

    # The contributor reads the note on the desk and on the form, and submits again.
    contributor.goto(f"{site}/admin/")
    expect(contributor.locator("#desk-drafts")).to_contain_text("Please add the patient")
    contributor.locator("#desk-drafts").get_by_role("link", name=TITLE).click()
    expect(contributor.locator(".review-notes")).to_contain_text("Please add the patient's age.")
    write_text(contributor, " The patient is 84.")
    press(contributor, "Submit for review")
    expect(contributor.locator(".messagelist .success")).to_be_visible()

    # The editor schedules it, then publishes it at once; the expert's link now leads there.
    editor.reload()
    editor.locator("summary", has_text="Schedule…").click()
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1))
    editor.fill("#id_schedule_at_0", f"{tomorrow:%Y-%m-%d}")
    editor.fill("#id_schedule_at_1", "09:00:00")
    editor.get_by_role("button", name="Schedule", exact=True).click()
    expect(editor.locator(".messagelist .success")).to_contain_text("scheduled")
    expect(editor.locator(".field-publication_record")).to_contain_text("Scheduled by Lee")
    both_widths(editor, "desk-form-scheduled")
    editor.goto(f"{site}/admin/")
    expect(editor.locator("#desk-scheduled")).to_contain_text(TITLE)
    editor.locator("#desk-scheduled").get_by_role("link", name=TITLE).click()
    press(editor, "Publish now")
    expect(editor.locator(".messagelist .success")).to_contain_text("published")
    assert Article.objects.get(title=TITLE).is_published

    expert.goto(link)
    expect(expert.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert "/news/" in expert.url
    expect(expert.get_by_role("status")).to_have_count(0)
    run_worker()
    assert f"Published: {TITLE}" in [m.subject for m in mail.outbox]


def test_the_article_list_reads_at_1280_without_cut_columns(page, site):
    staff_user("lee", "Editors")
    for trait in ("draft", "in_review", "scheduled", "published", "withdrawn"):
        ArticleFactory(
            **{trait: True},
            title=f"A {trait.replace('_', ' ')} story with a headline of ordinary length today",
        )
    page.set_viewport_size(DESKTOP)
    log_in(page, site, "lee")
    page.goto(f"{site}/admin/articles/article/")
    table = page.locator("#result_list")
    for column in ("Title", "State", "Publication date", "Source"):
        header = table.get_by_role("columnheader", name=column)
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= DESKTOP["width"], column
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= DESKTOP["width"]
    expect(table).to_contain_text("Scheduled · ")
    page.get_by_role("link", name="Scheduled", exact=True).click()
    expect(table.locator("tbody tr")).to_have_count(1)
    screenshot(page, "desk-article-list-1280")


def test_the_desk_pages_break_no_wcag_21_rule(page, site):
    editor = staff_user("lee", "Editors")
    article = ArticleFactory(in_review=True, created_by=editor, title="A story in review")
    services.perform(article, editor, "return", note="Check the figures.")
    PreviewLink.create_for(article, editor)
    ArticleFactory(scheduled=True)
    log_in(page, site, "lee")
    axe = Axe()
    reports = {}
    # The desk and the list whole; on the article form what the desk adds to Django's form (its
    # own widgets, select2 and the text editor, are Django's and the editor's: see docs/desk.md).
    desk_parts = {
        "include": [
            [".desk-state-line"],
            [".review-notes"],
            [".desk-actions"],
            ["#preview-links"],
            [".field-publication_record"],
        ]
    }
    for path, context in (
        ("/admin/", None),
        ("/admin/articles/article/?state=scheduled", None),
        (f"/admin/articles/article/{article.pk}/change/", desk_parts),
        ("/admin/articles/article/add/", {"include": [[".desk-actions"]]}),
    ):
        page.goto(f"{site}{path}")
        for summary in page.locator(".desk-panel summary").all():
            summary.click()  # the Schedule… and Return panels open, their fields checked too
        results = axe.run(page, context=context, options=WCAG_21_AA)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert not reports, "\n\n".join(f"{path}:\n{report}" for path, report in reports.items())
