"""A reader subscribes from a topic page, confirms through the real email's link, gets one
alert when a story is published, and leaves from the alert's link, in Chromium."""

import importlib

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Subscriber
from articles.models import Article
from tests.support.factories import ArticleFactory, ExpertFactory, TopicFactory
from tests.support.mailbox import link_to
from tests.support.tasks import run_worker

from .conftest import browser_test, log_in, screenshot, staff_user
from .test_accessibility import WCAG_21_AA

pytestmark = browser_test
EDITOR_PERMISSIONS = importlib.import_module(
    "alerts.migrations.0002_editor_permissions"
).EDITOR_PERMISSIONS


def no_axe_violations(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert not results.violations_count, results.generate_report()


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
    page.goto(site + link_to(confirmation, "confirm"))
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

    page.goto(site + link_to(alert, "unsubscribe"))
    no_axe_violations(page)
    page.get_by_role("button", name="Stop all alerts").click()
    assert page.get_by_role("status").is_visible()
    screenshot(page, "alerts-unsubscribed")
    ArticleFactory(title="Later story", tags=[topic])
    run_worker()
    assert len(mail.outbox) == 2


def test_an_editor_sends_a_correction_to_those_the_story_went_to(page, site, settings):
    settings.SITE_URL = "https://testserver"
    editor = staff_user("editor", "Editors")
    editor.groups.get().permissions.add(
        *Permission.objects.filter(codename__in=EDITOR_PERMISSIONS["alerts"])
    )
    reader = Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    reader.everything = True
    reader.save()
    ArticleFactory(title="The dosage story")
    ArticleFactory(
        title="A draft nobody may correct", status=Article.Status.DRAFT, published_at=None
    )
    run_worker()
    assert len(mail.outbox) == 1

    log_in(page, site, "editor")
    page.get_by_role("link", name="Correction notices").click()
    page.get_by_role("link", name="Add correction notice").click()
    page.locator("#id_article + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("d")
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(["The dosage story"])  # public stories only
    options.first.click()
    page.get_by_label("Note").fill("The dose was 10 mg, not 100 mg.")
    screenshot(page, "alerts-correction-form")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("The correction is on its way").is_visible()
    run_worker()
    [correction] = mail.outbox[1:]
    assert correction.to == ["reader@example.org"]
    assert correction.subject == "Correction: The dosage story"
    assert "The dose was 10 mg, not 100 mg." in correction.body
