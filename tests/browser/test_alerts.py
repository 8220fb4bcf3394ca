"""A reader subscribes from a topic page, confirms through the real email's link, gets one
alert when a story is published, and leaves from the alert's link, in Chromium."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone

from articles.models import Article
from tests.support.factories import ArticleFactory, ExpertFactory, TopicFactory
from tests.support.tasks import run_worker

from .conftest import browser_test, screenshot
from .test_accessibility import WCAG_21_AA

pytestmark = browser_test
LINK = re.compile(r"https://testserver(/alerts/[\w-]+/[\w:.-]+/)")


def no_axe_violations(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert not results.violations_count, results.generate_report()


def link_in(message, kind):
    return next(p for p in LINK.findall(message.body) if p.startswith(f"/alerts/{kind}/"))


def test_a_reader_follows_a_topic_by_email_and_leaves_in_one_go(page, site, settings):
    settings.SITE_URL = "https://testserver"
    topic = TopicFactory(name="Cell therapy")
    ArticleFactory(title="An earlier story", tags=[topic])
    run_worker()

    page.goto(f"{site}/topics/{topic.slug}/")
    page.get_by_role("link", name="Get email alerts").click()
    page.wait_for_url(f"{site}/alerts/?topic={topic.slug}")
    assert page.get_by_label("Topic: Cell therapy").is_checked()
    assert not page.get_by_label("All news from the newsroom").is_checked()
    no_axe_violations(page)
    page.get_by_role("button", name="Subscribe").click()
    assert page.locator(".errorlist").first.inner_text() == "This field is required."
    assert page.get_by_label("Topic: Cell therapy").is_checked()  # nothing chosen is lost
    screenshot(page, "alerts-sign-up-error")
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_label("Once a day").check()
    page.get_by_label("Immediately").check()
    page.get_by_label("Your email address").press("Enter")  # the keyboard submits it
    page.wait_for_url(f"{site}/alerts/check-your-inbox/")
    screenshot(page, "alerts-check-inbox")

    run_worker()
    [confirmation] = mail.outbox
    page.goto(site + link_in(confirmation, "confirm"))
    assert page.get_by_text("Topic: Cell therapy").is_visible()
    no_axe_violations(page)
    page.get_by_role("button", name="Confirm my alerts").click()
    assert page.get_by_role("status").inner_text().startswith("Your email alerts are on")
    no_axe_violations(page)
    screenshot(page, "alerts-preferences")

    expert = ExpertFactory(honorific="Prof.", given_name="He", family_name="HUANG")
    article = ArticleFactory(
        title="A first cell therapy result", status=Article.Status.DRAFT, published_at=None
    )
    article.tags.add(topic)
    article.expert_roles.create(expert=expert)
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    run_worker()
    [alert] = mail.outbox[1:]
    assert alert.subject == "A first cell therapy result"
    page.goto("about:blank")  # away from the site's Content-Security-Policy, as in a mail client
    page.set_content(alert.alternatives[0][0])  # the HTML alert
    assert page.get_by_role("link", name="A first cell therapy result").is_visible()
    assert page.get_by_text("With Prof. He HUANG").is_visible()
    screenshot(page, "alerts-email")

    page.goto(site + link_in(alert, "unsubscribe"))
    no_axe_violations(page)
    page.get_by_role("button", name="Stop all alerts").click()
    assert page.get_by_role("status").is_visible()
    screenshot(page, "alerts-unsubscribed")
    ArticleFactory(title="Later story", tags=[topic])
    run_worker()
    assert len(mail.outbox) == 2
