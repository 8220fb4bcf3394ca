"""What a journalist takes away: the original image and copies of the story, through checked
views; the private feeds, revoked with the access; and the access log of it all."""

import csv
import io
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from PIL import Image

from press import services
from press.access import FORGET_TASK
from press.models import PressAccess
from tests.support.factories import ArticleExpertFactory, ArticleFactory, JournalistFactory
from tests.support.imagefiles import phone_photo, upload
from tests.support.tasks import run_worker
from tests.support.tasks import waiting as tasks_waiting

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist():
    return JournalistFactory(name="Maya")


@pytest.fixture
def reporter(journalist):
    client = Client()
    client.force_login(journalist.user)
    return client


@pytest.fixture
def embargoed():
    now = timezone.now()
    article = ArticleFactory(
        title="Valve trial result",
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
        published_at=now + timedelta(days=2),
        press_access_at=now - timedelta(hours=1),
        hero_alt="The valve",
    )
    article.hero_image = upload(phone_photo(size=(3000, 2000)), "valve.jpg")
    article.save()
    ArticleExpertFactory(article=article)
    return article


def test_the_original_image_at_full_resolution_without_metadata(reporter, embargoed):
    response = reporter.get(f"/press/stories/{embargoed.pk}/image/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    # Turned upright as it was stored, at full resolution (renditions stop at 1600 px wide).
    assert sorted(image.size) == [2000, 3000]
    assert not image.getexif() and "comment" not in image.info
    assert "no-store" in response["Cache-Control"]


def test_copies_of_the_story_in_text_and_html(reporter, embargoed):
    text = reporter.get(f"/press/stories/{embargoed.pk}/story.txt")
    body = text.content.decode()
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert body.startswith("EMBARGOED UNTIL") and body.rstrip().endswith(" UTC")
    assert "First paragraph.\n\nSecond paragraph." in body
    html = reporter.get(f"/press/stories/{embargoed.pk}/story.html").content.decode()
    assert "<p>Second paragraph.</p>" in html and html.count("EMBARGOED UNTIL") == 2


def test_nobody_else_gets_the_downloads(embargoed, journalist):
    for url in (
        f"/press/stories/{embargoed.pk}/image/",
        f"/press/stories/{embargoed.pk}/story.txt",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/press/login/" in response["Location"]
    services.revoke(journalist, None)
    revoked = Client()
    revoked.force_login(journalist.user)
    assert revoked.get(f"/press/stories/{embargoed.pk}/image/").status_code == 302


def test_the_public_pages_never_name_the_embargoed_image(client, embargoed):
    name = embargoed.hero_image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for url in ("/", "/news/", "/feeds/news.rss", "/sitemap-articles.xml", "/search/?q=valve"):
        assert name not in client.get(url).content.decode(), url


def test_the_private_feed_marks_embargoed_titles_and_dies_with_the_access(
    client, journalist, embargoed
):
    ArticleFactory(title="Public story")
    for format in ("rss", "atom"):
        response = client.get(f"/press/feeds/{journalist.feed_key}.{format}")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
        assert titles[0].startswith("[EMBARGOED until ") and titles[0].endswith(
            "Valve trial result"
        )
        assert "Public story" in titles
    old_key = journalist.feed_key
    services.revoke(journalist, None)
    assert client.get(f"/press/feeds/{old_key}.rss").status_code == 404
    journalist.refresh_from_db()
    assert client.get(f"/press/feeds/{journalist.feed_key}.rss").status_code == 404


def test_each_read_and_download_is_in_the_access_log(reporter, journalist, embargoed):
    reporter.get(f"/press/stories/{embargoed.pk}/")
    reporter.get(f"/press/stories/{embargoed.pk}/image/")
    reporter.get(f"/press/stories/{embargoed.pk}/story.txt")
    Client().get(f"/press/feeds/{journalist.feed_key}.rss")
    kinds = list(PressAccess.objects.order_by("at", "id").values_list("kind", "embargoed"))
    assert kinds == [("read", True), ("image", True), ("text", True), ("feed", False)]
    page = reporter.get("/press/my-access-log/").content.decode()
    assert "Valve trial result" in page and "Downloaded the image" in page
    rows = list(
        csv.reader(io.StringIO(reporter.get("/press/my-access-log/?format=csv").content.decode()))
    )
    assert rows[0] == ["time (UTC)", "what", "story", "under embargo"] and len(rows) == 5


def test_the_log_forgets_after_two_years_once_a_day(reporter, journalist, embargoed):
    reporter.get(f"/press/stories/{embargoed.pk}/")
    [waiting] = tasks_waiting(FORGET_TASK)  # enqueued by migrate
    with time_machine.travel(timezone.now() + timedelta(days=731), tick=False):
        PressAccess.objects.create(journalist=journalist, kind="feed", embargoed=False)
        run_worker()
        assert list(PressAccess.objects.values_list("kind", flat=True)) == ["feed"]
        [tomorrow] = tasks_waiting(FORGET_TASK)
        assert tomorrow.run_after == timezone.now() + timedelta(days=1)


def test_editors_see_the_log_by_story(editor_client, reporter, embargoed):
    reporter.get(f"/press/stories/{embargoed.pk}/")
    page = editor_client.get(f"/admin/press/pressaccess/?article__id__exact={embargoed.pk}")
    assert page.status_code == 200 and "Maya" in page.content.decode()


def test_an_image_never_uploaded_is_a_404(reporter):
    story = ArticleFactory()
    assert reporter.get(f"/press/stories/{story.pk}/image/").status_code == 404
