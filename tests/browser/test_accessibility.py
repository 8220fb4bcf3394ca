"""Accessibility (axe-core, WCAG 2.1 A and AA), keyboard use and small screens, in Chromium.

axe-core comes bundled with axe-playwright-python: nothing is fetched while the tests run."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Conference, Expert
from tests.support.pages import alert_page_urls, preview_page_urls

from .conftest import WCAG_21_AA, browser_test, screenshot

pytestmark = browser_test

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def public_pages():
    article = Article.objects.published().filter(hero_image__gt="").first()
    expert = Expert.objects.having_published_articles().first()
    conference = Conference.objects.having_published_articles().first()
    topic = article.tags.first()
    return {
        "home": "/",
        "news": "/news/",
        "article": article.get_absolute_url(),
        "expert": expert.get_absolute_url(),
        "conference": conference.get_absolute_url(),
        "topic": f"/topics/{topic.slug}/",
        "search": "/search/?q=myeloma",
        **{f"alerts {n}": url for n, url in enumerate(alert_page_urls(topic.slug))},
        **{f"preview {n}": url for n, url in enumerate(preview_page_urls(article))},
        "press room application": "/press/register/",
        "press room sign-in": "/press/login/",
        "not found": "/no-such-page/",
        "admin login": "/admin/login/",
    }


def test_no_page_breaks_wcag_21_a_or_aa_rules(page, site, demo):
    axe = Axe()
    reports = {}
    for name, path in public_pages().items():
        page.goto(f"{site}{path}")
        results = axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            reports[name] = results.generate_report()
    assert not reports, "\n\n".join(f"{name}:\n{report}" for name, report in reports.items())


def test_the_checker_reports_a_broken_page(page):
    """The harness is live: an image without a text alternative is a violation."""
    page.set_content('<html lang="en"><title>Broken</title><main><img src="x.png"></main></html>')
    results = Axe().run(page, options=WCAG_21_AA)
    assert "image-alt" in results.generate_snapshot()


def focus_ring(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== "none",
            };
        }"""
    )


def test_the_skip_link_comes_first_and_focus_is_visible(page, site, demo):
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    assert any(focus_ring(page).values())
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert any(focus_ring(page).values())


FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]"


@pytest.mark.parametrize("name", ["home", "article", "search"])
def test_every_control_is_reachable_with_the_keyboard(page, site, demo, name):
    page.goto(f"{site}{public_pages()[name]}")
    controls = page.evaluate(
        """selector => {
            const controls = Array.from(document.querySelectorAll(selector)).filter(
                element => element.tabIndex >= 0 && element.getClientRects().length
            );
            controls.forEach((element, index) => { element.dataset.control = index; });
            return controls.length;
        }""",
        FOCUSABLE,
    )
    reached = set()
    for _ in range(controls):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.dataset.control"))
    assert reached == {str(index) for index in range(controls)}


def test_no_page_scrolls_sideways_on_a_phone(browser, site, demo):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    too_wide = []
    for name, path in public_pages().items():
        page.goto(f"{site}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            too_wide.append(f"{name} ({path}): {overflow}px too wide")
    assert not too_wide


def test_screenshots_of_home_and_an_article(browser, site, demo):
    pages = public_pages()
    for label, viewport in (("375", PHONE), ("1280", DESKTOP)):
        page = browser.new_context(viewport=viewport).new_page()
        for name in ("home", "article"):
            page.goto(f"{site}{pages[name]}")
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{name}-{label}")
