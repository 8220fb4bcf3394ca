"""A journalist's journey in Chromium: applies, confirms the address, is approved by the press
office in the admin, signs in, reads an embargoed story and its private feed, sees it become
public at its time with nothing run by hand, and loses access at once when revoked."""

import re
from datetime import timedelta

import feedparser
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from press import services
from press.models import Journalist
from tests.support.factories import ArticleFactory, JournalistFactory
from tests.support.tasks import run_worker

from .conftest import WCAG_21_AA, browser_test, log_in, screenshot, staff_user

pytestmark = browser_test
PASSWORD = "a-long-reporter-password"


def test_a_journalist_applies_is_approved_reads_under_embargo_and_is_revoked(browser, site):
    staff_user("lee", "Editors")
    now = timezone.now()
    story = ArticleFactory(
        title="Valve trial result",
        summary="A smaller valve, fitted without open surgery.",
        published_at=now + timedelta(days=2),
        press_access_at=now - timedelta(hours=1),
    )

    reporter = browser.new_page()
    reporter.goto(f"{site}/press/register/")
    reporter.get_by_label("Name").fill("Maya Lindqvist")
    reporter.get_by_label("Outlet").fill("Nordic Health Daily")
    reporter.get_by_label("Role").fill("Medical correspondent")
    reporter.get_by_label("Work email").fill("maya@nordichealth.example")
    reporter.get_by_label("Phone").fill("+46 8 123 456")
    reporter.get_by_label("Published work").fill("https://nordichealth.example/maya")
    reporter.get_by_label("Password", exact=True).fill(PASSWORD)
    reporter.get_by_label("Password again").fill(PASSWORD)
    for label in ("Name", "Outlet", "Work email", "Published work", "Password again"):
        assert reporter.get_by_label(label, exact=True).bounding_box()["width"] >= 300, label
    screenshot(reporter, "press-apply")
    reporter.get_by_role("button", name="Apply").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    run_worker()
    link = re.search(r"https?://[^/\s]+(/press/verify/\S+/)", mail.outbox[-1].body).group(1)
    reporter.goto(f"{site}{link}")
    expect(reporter.locator("main")).to_contain_text("waits for the press office")

    editor = browser.new_page()
    log_in(editor, site, "lee")
    editor.goto(f"{site}/admin/press/journalist/?status__exact=pending")
    editor.get_by_role("link", name="Maya Lindqvist").click()
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("approved")
    run_worker()
    assert mail.outbox[-1].subject == "Welcome to the press room"

    reporter.goto(f"{site}/press/login/")
    reporter.get_by_label("Username").fill("maya@nordichealth.example")
    reporter.get_by_label("Password").fill(PASSWORD)
    reporter.get_by_role("button", name="Sign in").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Press room")
    screenshot(reporter, "press-home")
    reporter.get_by_role("link", name="Valve trial result").click()
    banner = reporter.locator(".embargo-banner")
    expect(banner).to_have_count(2)
    expect(banner.first).to_contain_text("EMBARGOED UNTIL")
    screenshot(reporter, "press-story")
    copy_url = reporter.get_by_role("link", name="The story as plain text").get_attribute("href")
    assert reporter.request.get(f"{site}{copy_url}").text().startswith("EMBARGOED UNTIL")
    feed_key = Journalist.objects.get().feed_key
    feed = feedparser.parse(reporter.request.get(f"{site}/press/feeds/{feed_key}.rss").body())
    assert feed.entries[0].title.startswith("[EMBARGOED until ")
    assert reporter.request.get(f"{site}{story.get_absolute_url()}").status == 404  # not public

    with time_machine.travel(story.published_at + timedelta(minutes=1), tick=False):
        public = browser.new_page()
        public.goto(f"{site}{story.get_absolute_url()}")
        expect(public.get_by_role("heading", level=1)).to_have_text("Valve trial result")

    services.revoke(Journalist.objects.get(), None)
    reporter.goto(f"{site}/press/")
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Press room sign-in")
    assert reporter.request.get(f"{site}/press/feeds/{feed_key}.rss").status == 404


def test_the_press_rooms_pages_break_no_wcag_21_rule(page, site):
    user = JournalistFactory(user__username="maya@example.org").user
    user.set_password(PASSWORD)
    user.save()
    now = timezone.now()
    story = ArticleFactory(published_at=now + timedelta(days=1), press_access_at=now)
    page.goto(f"{site}/press/login/")
    page.get_by_label("Username").fill("maya@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe = Axe()
    reports = {}
    for path in ("/press/", f"/press/stories/{story.pk}/", "/press/my-access-log/"):
        page.goto(f"{site}{path}")
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert not reports, "\n\n".join(f"{path}:\n{report}" for path, report in reports.items())
