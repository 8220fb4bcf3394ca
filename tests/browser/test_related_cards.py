"""Related news lays out well with one to four cards, with and without pictures, on a desktop
and a phone: every card's title has room to read (no title one or two letters wide)."""

import pytest
from playwright.sync_api import expect

from tests.support.factories import ArticleFactory, TopicFactory
from tests.support.imagefiles import image_bytes, upload

from .conftest import browser_test, screenshot

pytestmark = browser_test

SIZES = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}


def story_with_related(count, with_images):
    topic = TopicFactory(name="Cardiology")
    article = ArticleFactory(title="A heart story with related news", tags=[topic])
    for number in range(count):
        related = ArticleFactory(
            title=f"Related story {number + 1}: the hospital opens a new heart clinic for children",
            hero_alt="The new clinic" if with_images else "",
            tags=[topic],
        )
        if with_images:
            related.hero_image = upload(image_bytes("JPEG"), f"clinic-{number}.jpg")
            related.save()
    return article


@pytest.mark.parametrize("with_images", [True, False], ids=["images", "no-images"])
@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_related_cards_give_every_title_room(page, site, count, with_images):
    article = story_with_related(count, with_images)
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.goto(f"{site}{article.get_absolute_url()}")
        cards = page.locator(".related .card")
        expect(cards).to_have_count(count)
        for index in range(count):
            title = cards.nth(index).locator(".card-title").bounding_box()
            card = cards.nth(index).bounding_box()
            assert title["width"] >= 200, (label, index, title)
            assert card["height"] <= 700, (label, index, card)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if count in (1, 4):
            screenshot(page, f"related-{count}-{'images' if with_images else 'text'}-{label}")
