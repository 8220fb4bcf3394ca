"""An editor compares two revisions and restores the older one, in a real browser: the pages'
stylesheet is allowed by the admin's Content-Security-Policy, so the changes show as marked."""

import reversion
from playwright.sync_api import expect

from articles.models import Article
from articles.services import revision_by
from tests.support.factories import ArticleFactory

from .conftest import browser_test, log_in, screenshot, staff_user

pytestmark = browser_test

# The colours of static/css/admin-revisions.css: removed words on red, added words on green.
REMOVED = "rgb(255, 227, 227)"
ADDED = "rgb(220, 245, 220)"


def test_an_editor_compares_two_revisions_and_restores_the_older_one(page, site):
    editor = staff_user("editor", "Editors")
    article = ArticleFactory(title="Flu clinic opens", body="<p>Open on Mondays.</p>")
    with revision_by(editor, "First version"):
        reversion.add_to_revision(article)
    article.body = "<p>Open every weekday.</p>"
    with revision_by(editor, "Opening days changed"):
        article.save()

    log_in(page, site, "editor")
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(f"{site}/admin/articles/article/{article.pk}/history/")
    page.get_by_role("button", name="Compare selected revisions").click()
    removed = page.locator(".revision-diff del", has_text="Mondays.")
    added = page.locator(".revision-diff ins", has_text="every weekday.")
    expect(removed).to_have_css("background-color", REMOVED)
    expect(added).to_have_css("background-color", ADDED)
    screenshot(page, "admin-compare-revisions")

    page.get_by_role("link", name="Restore the older revision…").click()
    expect(page.locator(".revision-diff ins", has_text="Mondays.")).to_have_css(
        "background-color", ADDED
    )
    screenshot(page, "admin-restore-revision")
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was restored")
    assert Article.objects.get(pk=article.pk).body == "<p>Open on Mondays.</p>"
    assert not [text for text in refused if "Content Security Policy" in text]
