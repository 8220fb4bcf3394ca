"""Cached pages and feeds are kept compressed too, and sent compressed to clients that accept
it: compressed once when stored, never on a hit; never for anything the page cache does not
keep (what someone signed in sees), so that no secret's length shows through (BREACH)."""

import gzip

import pytest
from django.http import HttpResponse
from django.utils.cache import has_vary_header

from newsroom import middleware
from tests.support.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def news():
    for number in range(3):
        ArticleFactory(title=f"Clinic news number {number}")


@pytest.mark.parametrize("url", ["/", "/news/", "/feeds/news.rss", "/feeds/news.json"])
def test_a_cached_page_is_sent_compressed_to_who_accepts_it(client, news, url):
    plain = client.get(url)  # stored, sent as it was rendered
    assert "Content-Encoding" not in plain
    compressed = client.get(url, **GZIP)
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert compressed["Content-Type"] == plain["Content-Type"]
    for response in (plain, compressed):
        assert has_vary_header(response, "Accept-Encoding")
    assert compressed["ETag"] == f"W/{plain['ETag'].removeprefix('W/')}"
    # A client reads as many bytes as it is told: the compressed length, not the plain one.
    assert int(compressed["Content-Length"]) == len(compressed.content)
    assert int(client.get(url)["Content-Length"]) == len(plain.content)


def test_a_client_without_gzip_gets_the_plain_bytes_from_the_cache(client, news):
    first = client.get("/news/", **GZIP)
    again = client.get("/news/", HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in again
    assert b"Clinic news number 2" in again.content
    assert gzip.decompress(client.get("/news/", **GZIP).content) == again.content
    assert "Content-Encoding" not in first  # the request that stored it got what was rendered


def test_a_conditional_request_for_the_compressed_page_gets_304(client, news):
    client.get("/news/")
    etag = client.get("/news/", **GZIP)["ETag"]
    assert client.get("/news/", HTTP_IF_NONE_MATCH=etag, **GZIP).status_code == 304


def test_a_hit_is_not_compressed_again(client, news, monkeypatch):
    client.get("/feeds/news.atom")
    monkeypatch.setattr(
        middleware, "compress_string", lambda content: pytest.fail("compressed on a hit")
    )
    assert client.get("/feeds/news.atom", **GZIP)["Content-Encoding"] == "gzip"


def test_what_someone_signed_in_sees_is_never_compressed(admin_client, news):
    for url in ("/news/", "/feeds/news.rss", "/admin/"):
        admin_client.get(url, **GZIP)
        response = admin_client.get(url, **GZIP)
        assert "Content-Encoding" not in response, url


def test_private_pages_are_never_compressed(client):
    for url in ("/alerts/", "/press/apply/"):
        client.get(url, **GZIP)
        assert "Content-Encoding" not in client.get(url, **GZIP), url


def test_only_text_big_enough_to_gain_is_compressed():
    text = "<p>A paragraph of the news.</p>" * 40
    assert gzip.decompress(middleware.compressed(HttpResponse(text))) == text.encode()
    assert middleware.compressed(HttpResponse("ok")) is None
    image = HttpResponse(b"\x89PNG" + bytes(4000), content_type="image/png")
    assert middleware.compressed(image) is None


def test_a_hit_fetches_only_the_bytes_it_sends(client, news, monkeypatch):
    client.get("/feeds/news.rss")
    fetched = []
    real_get = middleware.cache.get

    def recording_get(key, *args, **kwargs):
        entry = real_get(key, *args, **kwargs)
        fetched.append(entry)
        return entry

    monkeypatch.setattr(middleware.cache, "get", recording_get)
    compressed = client.get("/feeds/news.rss", **GZIP)
    plain = client.get("/feeds/news.rss")
    assert [entry["content"] for entry in fetched] == [compressed.content, plain.content]


def test_a_page_too_small_to_compress_is_sent_plain_from_the_cache(client, monkeypatch):
    monkeypatch.setattr(middleware, "COMPRESS_FROM_BYTES", 10**9)
    client.get("/news/")
    again = client.get("/news/", **GZIP)
    assert "Content-Encoding" not in again
    assert int(again["Content-Length"]) == len(again.content)
    assert b"<h1" in again.content
