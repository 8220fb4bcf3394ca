"""The press room's pages for an approved journalist: the embargoed stories open now, soonest
lift first, then recent public news; a story's page says EMBARGOED UNTIL at its top and bottom,
in the newsroom's zone and in UTC; nothing before its press access time."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from press.models import Journalist
from tests.support.factories import ArticleExpertFactory, ArticleFactory, JournalistFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    user = JournalistFactory(name="Maya").user
    client = Client()
    client.force_login(user)
    return client


def test_the_press_room_lists_open_embargoes_soonest_lift_first_then_public_news(reporter):
    now = timezone.now()
    ArticleFactory(title="Lifts later", published_at=now + timedelta(days=5), press_access_at=now)
    ArticleFactory(title="Lifts sooner", published_at=now + timedelta(days=1), press_access_at=now)
    ArticleFactory(
        title="Not open yet",
        published_at=now + timedelta(days=2),
        press_access_at=now + timedelta(hours=5),
    )
    ArticleFactory(title="Scheduled, no embargo", published_at=now + timedelta(days=1))
    ArticleFactory(title="Public story")
    page = reporter.get("/press/").content.decode()
    assert page.index("Lifts sooner") < page.index("Lifts later") < page.index("Public story")
    assert "Not open yet" not in page and "Scheduled, no embargo" not in page


def test_a_storys_page_says_embargoed_until_at_top_and_bottom(reporter, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    with timezone.override("Europe/Brussels"):
        lift = timezone.make_aware(timezone.datetime(2099, 4, 23, 9, 0))
        story = ArticleFactory(
            title="Trial result",
            body="<p>The full text of the trial result.</p>",
            published_at=lift,
            press_access_at=timezone.now() - timedelta(hours=1),
        )
        page = reporter.get(f"/press/stories/{story.pk}/").content.decode()
    banner = "EMBARGOED UNTIL 23 April 2099, 09:00 CEST</strong> (23 April 2099, 07:00 UTC)"
    assert page.count(banner) == 2
    assert "The full text of the trial result." in page and "Media enquiries" in page


def test_nothing_before_its_press_access_time_nor_a_draft(reporter):
    now = timezone.now()
    later = ArticleFactory(
        published_at=now + timedelta(days=2), press_access_at=now + timedelta(days=1)
    )
    draft = ArticleFactory(draft=True, press_access_at=now - timedelta(days=1))
    assert reporter.get(f"/press/stories/{later.pk}/").status_code == 404
    assert reporter.get(f"/press/stories/{draft.pk}/").status_code == 404
    user = Journalist.objects.get().user  # a day later: signed in again (sessions last 10 h)
    with time_machine.travel(later.press_access_at + timedelta(minutes=1)):
        reporter.force_login(user)
        assert reporter.get(f"/press/stories/{later.pk}/").status_code == 200
    with time_machine.travel(later.published_at + timedelta(minutes=1)):
        reporter.force_login(user)
        page = reporter.get(f"/press/stories/{later.pk}/").content.decode()
    assert "EMBARGOED UNTIL" not in page  # public now: no embargo left


def test_a_stranger_gets_only_the_sign_in(reporter):
    story = ArticleFactory(
        published_at=timezone.now() + timedelta(days=1), press_access_at=timezone.now()
    )
    for url in ("/press/", f"/press/stories/{story.pk}/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/press/login/")
        assert story.title not in response.content.decode()


def test_the_press_room_runs_the_same_queries_for_few_or_many_stories(reporter):
    now = timezone.now()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert reporter.get("/press/").status_code == 200
        return len(queries)

    ArticleFactory(published_at=now + timedelta(days=1), press_access_at=now)
    few = count()
    for day in range(2, 9):
        ArticleFactory(published_at=now + timedelta(days=day), press_access_at=now)
        ArticleFactory()
    assert count() == few


def test_the_page_cache_never_keeps_a_press_page(reporter, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    story = ArticleFactory(
        title="Open now", published_at=now + timedelta(days=1), press_access_at=now
    )
    assert "Open now" in reporter.get("/press/").content.decode()
    assert Client().get("/press/").status_code == 302  # a stranger after it: no cached copy
    story.title = "Renamed"
    story.save()
    assert "Renamed" in reporter.get("/press/").content.decode()


def test_a_story_page_runs_the_same_queries_for_a_small_or_a_full_story(reporter):
    now = timezone.now()
    story = ArticleFactory(published_at=now + timedelta(days=1), press_access_at=now)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert reporter.get(f"/press/stories/{story.pk}/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(4):
        ArticleExpertFactory(article=story)
    story.tags.add("CAR-T", "Myeloma")
    assert count() == few
