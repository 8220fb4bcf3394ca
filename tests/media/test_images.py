"""Uploaded images: verified, upright, stripped of metadata, rendered once, and cleaned up."""

import io
import re
import tracemalloc
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageFile

from articles.models import Article, Expert
from media import fields, renditions, verification
from tests.support.admin_forms import admin_url, article_form, errors_of
from tests.support.factories import ArticleFactory, ExpertFactory, SourceFactory
from tests.support.imagefiles import (
    CAMERA_MAKE,
    GPS_IFD,
    image_bytes,
    phone_photo,
    png_header_claiming,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def open_stored(name):
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def article_with_image(content, name="photo.jpg", **fields):
    article = ArticleFactory.build(hero_alt="Nurses in the new day unit", **fields)
    article.source.save()
    article.hero_image = upload(content, name)
    article.save()
    return article


class ImageSources(HTMLParser):
    """Collects every image URL a page or a feed's HTML points at: src, srcset and meta content."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("img", "source"):
            if attributes.get("src"):
                self.urls.append(attributes["src"])
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        if tag == "meta" and attributes.get("property") == "og:image":
            self.urls.append(attributes["content"])


def media_urls_in(html):
    parser = ImageSources()
    parser.feed(html)
    return [url for url in parser.urls if "/media/" in url]


def storage_name(url):
    return url.split("/media/", 1)[1]


# --- Accepted formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format", "name", "extension"),
    [("JPEG", "ward.jpeg", ".jpg"), ("PNG", "ward.png", ".png"), ("WEBP", "ward.webp", ".webp")],
)
def test_each_accepted_format_is_stored_with_renditions_and_rendered(
    client, format, name, extension
):
    article = article_with_image(image_bytes(format, (1000, 750)), name)
    assert article.hero_image.name.endswith(extension)
    assert open_stored(article.hero_image.name).format == format
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    urls = media_urls_in(response.content.decode())
    assert urls and all(default_storage.exists(storage_name(url)) for url in urls)


def test_a_png_named_jpg_is_stored_under_its_true_extension():
    article = article_with_image(image_bytes("PNG"), "holiday.jpg")
    assert re.search(r"/holiday-[0-9a-f]{20}\.png$", article.hero_image.name)


# --- Refused files ---------------------------------------------------------------------------

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (SVG, "logo.svg", "SVG, HTML or XML, which is not accepted"),
        (HTML, "photo.jpg", "SVG, HTML or XML, which is not accepted"),
        (PDF, "scan.jpg", "not an image we can read"),
        (b"", "empty.jpg", "not an image we can read"),
        (image_bytes("JPEG")[:2000], "cut.jpg", "damaged or incomplete"),
        (image_bytes("GIF"), "anim.gif", "GIF images are not accepted"),
        (image_bytes("BMP"), "paint.bmp", "BMP images are not accepted"),
        (image_bytes("TIFF"), "scan.tif", "TIFF images are not accepted"),
    ],
    ids=["svg", "html-named-jpg", "pdf-named-jpg", "empty", "truncated", "gif", "bmp", "tiff"],
)
def test_bad_files_are_refused_with_a_message_naming_the_problem(content, name, message):
    with pytest.raises(ValidationError) as refused:
        verification.verify(upload(content, name))
    assert message in refused.value.messages[0]


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 10_000
    with pytest.raises(ValidationError) as refused:
        verification.verify(upload(b"\xff\xd8" + b"0" * 20_000))
    assert "the limit is 9.8\xa0KB" in refused.value.messages[0]


def test_an_image_over_the_pixel_cap_is_refused_with_its_dimensions(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as refused:
        verification.verify(upload(image_bytes("PNG", (1500, 1000))))
    assert "is 1500 × 1000 pixels" in refused.value.messages[0]
    assert "the limit is 1 megapixels" in refused.value.messages[0]


@pytest.mark.parametrize(("width", "height"), [(10_000, 10_000), (60_000, 60_000)])
def test_a_decompression_bomb_is_refused_without_decoding_a_pixel(monkeypatch, width, height):
    """100 and 3,600 megapixels claimed by a file of a few bytes: only the header is read."""

    def no_decoding(image):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    bomb = png_header_claiming(width, height)
    assert len(bomb) < 200
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            verification.verify(upload(bomb, "bomb.png"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too many pixels" in refused.value.messages[0]
    assert peak < 1_000_000


def test_the_admin_shows_the_message_and_saves_nothing(editor_client):
    data = article_form(hero_image=upload(PDF, "press-release.jpg"))
    response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 200
    assert "not an image we can read" in errors_of(response)["hero_image"][0]
    assert not Article.objects.exists()
    assert stored_files() == []


def test_the_admin_file_input_offers_only_accepted_types(editor_client):
    response = editor_client.get(admin_url(Article, "add"))
    assert 'accept="image/jpeg,image/png,image/webp"' in response.content.decode()


# --- Privacy and orientation -----------------------------------------------------------------


def assert_no_metadata(image, name):
    assert not image.getexif(), f"EXIF left in {name}"
    assert GPS_IFD not in image.getexif() and CAMERA_MAKE not in image.getexif(), name
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
        assert key not in image.info, f"{key} left in {name}"


@pytest.mark.parametrize("format", ["JPEG", "WEBP", "PNG"])
def test_no_stored_file_keeps_gps_or_any_other_metadata(format):
    original = Image.open(io.BytesIO(phone_photo(format=format)))
    assert GPS_IFD in original.getexif(), "the test photo must carry GPS to begin with"
    article = article_with_image(phone_photo(format=format), f"IMG_0042.{format.lower()}")
    files = stored_files()
    # The original, WebP and fallback at 480, 800 and 900 (its upright width), the social card.
    assert len(files) == 1 + 2 * 3 + 1, files
    for name in files:
        assert_no_metadata(open_stored(name), name)
    assert b"PhoneMaker" not in default_storage.open(article.hero_image.name).read()


def test_a_sideways_phone_photo_is_stored_and_rendered_upright():
    article = article_with_image(phone_photo(size=(1200, 900)))
    stored = open_stored(article.hero_image.name)
    assert stored.size == (900, 1200)
    # The red corner was the sensor's top-left; turned 90° clockwise it is now top-right.
    assert stored.getpixel((stored.width - 10, 10))[0] > 200
    assert stored.getpixel((10, 10))[2] > 150
    assert article.hero_renditions["width"] == 900
    assert article.hero.largest["height"] > article.hero.largest["width"]


# --- Renditions ------------------------------------------------------------------------------


def test_renditions_have_the_expected_widths_formats_and_sizes():
    article = article_with_image(image_bytes("JPEG", (2000, 1000)))
    manifest = article.hero_renditions
    assert [size["width"] for size in manifest["sizes"]] == [480, 800, 1200, 1600]
    for size in manifest["sizes"]:
        webp, jpeg = open_stored(size["webp"]), open_stored(size["fallback"]["name"])
        assert (webp.format, jpeg.format) == ("WEBP", "JPEG")
        assert webp.size == jpeg.size == (size["width"], size["width"] // 2)
        assert default_storage.size(size["fallback"]["name"]) == size["fallback"]["bytes"]
    social = open_stored(manifest["social"]["name"])
    assert (social.format, social.size) == ("JPEG", (1200, 630))


def test_a_small_image_gets_one_rendition_at_its_own_width():
    article = article_with_image(image_bytes("JPEG", (300, 200)))
    assert [size["width"] for size in article.hero_renditions["sizes"]] == [300]


def test_a_transparent_png_keeps_its_transparency_in_a_png_fallback():
    article = article_with_image(
        image_bytes("PNG", (900, 600), mode="RGBA", color=(0, 0, 0, 0)), "logo.png"
    )
    assert article.hero_renditions["fallback_type"] == "image/png"
    fallback = open_stored(article.hero_renditions["sizes"][0]["fallback"]["name"])
    assert fallback.format == "PNG" and fallback.mode == "RGBA"
    assert open_stored(article.hero_renditions["social"]["name"]).mode == "RGB"


def test_expert_portraits_are_square_crops():
    expert = ExpertFactory()
    expert.photo = upload(image_bytes("JPEG", (800, 1200)), "portrait.jpg")
    expert.save()
    sizes = expert.photo_renditions["sizes"]
    assert [(size["width"], size["height"]) for size in sizes] == [
        (160, 160),
        (320, 320),
        (640, 640),
    ]
    assert "social" not in expert.photo_renditions


def test_renditions_are_made_once_not_on_each_save_or_request(client, monkeypatch):
    article = article_with_image(image_bytes("JPEG"))
    made = []
    monkeypatch.setattr(fields, "make_renditions", lambda *args, **kwargs: made.append(args))
    article.title = "A new title"
    article.save()
    client.get(article.get_absolute_url())
    assert made == []


# --- No orphans ------------------------------------------------------------------------------


def test_replacing_an_image_deletes_the_old_files(django_capture_on_commit_callbacks):
    article = article_with_image(image_bytes("JPEG"), "first.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        article.hero_image = upload(image_bytes("PNG"), "second.png")
        article.save()
    files = stored_files()
    assert files and not any("first" in name for name in files)
    assert set(files) == {
        article.hero_image.name,
        *renditions.manifest_files(article.hero_renditions),
    }


def test_clearing_an_image_deletes_its_files(django_capture_on_commit_callbacks):
    article = article_with_image(image_bytes("JPEG"))
    with django_capture_on_commit_callbacks(execute=True):
        article.hero_image = ""
        article.save()
    assert stored_files() == []
    assert article.hero_renditions == {}


def test_deleting_an_article_or_expert_deletes_their_image_files(
    django_capture_on_commit_callbacks,
):
    article = article_with_image(image_bytes("JPEG"))
    expert = ExpertFactory()
    expert.photo = upload(image_bytes("JPEG"), "portrait.jpg")
    expert.save()
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).delete()
        Expert.objects.get(pk=expert.pk).delete()
    assert stored_files() == []


def test_a_rolled_back_change_deletes_nothing(django_capture_on_commit_callbacks):
    article = article_with_image(image_bytes("JPEG"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Article.objects.get(pk=article.pk).delete()
    assert callbacks, "deletion waits for the commit"
    assert default_storage.exists(article.hero_image.name)


def test_loading_articles_without_their_image_columns_costs_no_extra_query(
    django_assert_num_queries,
):
    article_with_image(image_bytes("JPEG"))
    with django_assert_num_queries(1):
        assert [a.title for a in Article.objects.only("title")]


# --- Pages, feeds and metadata use renditions that exist -------------------------------------


@pytest.fixture
def published_with_image(client):
    article = article_with_image(image_bytes("JPEG", (2400, 1600)), "team.jpg", is_featured=True)
    expert = ExpertFactory()
    expert.photo = upload(image_bytes("JPEG", (700, 900)), "portrait.jpg")
    expert.save()
    article.experts.add(expert, through_defaults={"role": "quoted"})
    return article, expert


def test_pages_reference_only_renditions_that_exist(client, published_with_image):
    article, expert = published_with_image
    pages = ["/", "/news/", article.get_absolute_url(), expert.get_absolute_url()]
    for url in pages:
        html = client.get(url).content.decode()
        media = media_urls_in(html)
        assert media, url
        assert all("/renditions/" in src for src in media), (url, media)
        assert all(default_storage.exists(storage_name(src)) for src in media), url


def test_the_hero_is_responsive_sized_and_eager_while_cards_load_lazily(
    client, published_with_image
):
    article, _ = published_with_image
    html = client.get(article.get_absolute_url()).content.decode()
    hero = re.search(r'<figure class="hero">.*?</figure>', html, re.S).group()
    assert '<source type="image/webp" srcset="' in hero
    assert 'width="1600" height="1067"' in hero
    assert 'loading="eager"' in hero and 'alt="Nurses in the new day unit"' in hero
    news = client.get("/news/").content.decode()
    card = re.search(r'<div class="card-image">.*?</div>', news, re.S).group()
    assert 'loading="lazy"' in card and 'sizes="' in card


def test_opengraph_uses_the_social_card(client, published_with_image):
    article, _ = published_with_image
    html = client.get(article.get_absolute_url()).content.decode()
    card = article.hero_renditions["social"]["name"]
    assert f'<meta property="og:image" content="http://testserver/media/{card}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:alt" content="Nurses in the new day unit">' in html


def test_feeds_reference_renditions_that_exist(client, published_with_image):
    article, _ = published_with_image
    for format in ("rss", "atom", "json"):
        body = client.get(f"/feeds/news.{format}").content.decode()
        urls = re.findall(r"http://testserver/media/[^\"'<> ]+", body)
        assert urls, format
        for url in urls:
            assert "/renditions/" in url and default_storage.exists(storage_name(url)), url


def test_an_image_without_renditions_still_renders_as_a_plain_image(client):
    article = ArticleFactory(hero_alt="A ward", hero_image="articles/legacy.jpg")
    default_storage.save("articles/legacy.jpg", ContentFile(image_bytes("JPEG")))
    Article.objects.filter(pk=article.pk).update(hero_renditions={})
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<img src="/media/articles/legacy.jpg" alt="A ward" loading="eager">' in html


# --- The whole story -------------------------------------------------------------------------


def test_an_editor_publishes_a_big_sideways_phone_photo_with_gps(editor_client, client):
    """Done when: a 6000x4000 rotated phone photo with GPS is upright and clean everywhere."""
    source = SourceFactory()
    data = article_form(
        title="New day unit opens",
        _action="publish",
        published_at_0="2024-04-23",
        published_at_1="09:00",
        source=source.pk,
        hero_alt="Nurses in the new day unit",
        hero_caption="The new day unit on its first morning.",
        hero_credit="Communications Office",
        hero_image=upload(phone_photo(size=(6000, 4000)), "IMG_2041.JPG"),
    )
    response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert open_stored(article.hero_image.name).size == (4000, 6000)
    for name in stored_files():
        assert_no_metadata(open_stored(name), name)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The new day unit on its first morning." in html
    assert "Credit: Communications Office" in html
    assert 'width="1600" height="2400"' in html
    assert all("/renditions/" in url for url in media_urls_in(html))
