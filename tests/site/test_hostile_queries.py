"""No address answers 500, whatever is in its query string or its numbers: generated parameters
(pages far past the end, numbers beyond any integer type, text in every script, control
characters, markup) are thrown at every public pattern of the URL configuration."""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.http import urlencode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.models import Subscriber
from alerts.tokens import subscriber_token
from articles.sitemaps import SITEMAPS
from tests.support.factories import (
    ArticleExpertFactory,
    ConferenceFactory,
    DepartmentFactory,
    TopicFactory,
)
from tests.support.surfaces import walk

pytestmark = pytest.mark.django_db

NOT_REQUESTED = {"admin", "media", "articles:article-preview"}  # staff and files, not pages
# What the public pages read from a query string, and a few they do not.
PARAMETERS = ["page", "p", "q", "topic", "department", "expert", "conference", "year", "letter"]
PARAMETERS += ["source", "language", "format", "r", "utm_source"]
NUMBERS = st.integers(min_value=-(2**80), max_value=2**80).map(str)
AWKWARD = ["", "0", "-1", "1.5", "1e9", "9" * 5000, "\x00", "%", "' OR 1=1 --", "<script>"]
VALUES = st.one_of(st.text(max_size=30), NUMBERS, st.sampled_from(AWKWARD))
QUERIES = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), VALUES), max_size=4
)
FOR_EACH_ADDRESS = settings(
    max_examples=25,
    deadline=None,
    # The newsroom is built once per test; the examples only read it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def addresses():
    """One address of every public pattern, filled from a small published newsroom."""
    link = ArticleExpertFactory(expert__department=DepartmentFactory())
    article, expert = link.article, link.expert
    article.tags.add(TopicFactory())
    article.conferences.add(ConferenceFactory())
    article.departments.add(expert.department)
    published = timezone.localtime(article.published_at)
    values = {
        "slug": {
            "article": article.slug,
            "expert": expert.slug,
            "topic": article.tags.get().slug,
            "conference": article.conferences.get().slug,
            "department": expert.department.slug,
        },
        "format": "rss",
        # An alert link of a real subscriber (confirm links read one of their own: refused).
        "token": subscriber_token(
            Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
        ),
        "section": next(iter(SITEMAPS)),
        "pk": article.pk,  # the press room's story page (a sign-in first for a stranger)
        # Values one pattern reads differently from the others: by "<pattern name>:<kwarg>".
        "press:story-copy:format": "txt",
        "press:feed:key": "a-key-nobody-was-given",
        "year": published.year,
        "month": published.month,
        "day": published.day,
    }
    found = []
    for name, surface in walk(get_resolver().url_patterns):
        if name in NOT_REQUESTED:
            continue
        found.append((surface, reverse(surface.name, kwargs=fill(surface, values))))
    return found


def fill(surface, values):
    kwargs = {}
    for kwarg in surface.kwargs:
        value = values.get(f"{surface.name}:{kwarg}", values.get(kwarg))
        if isinstance(value, dict):
            value = value.get(surface.kind)
        if value is None:
            raise AssertionError(f"{surface}: a new public URL; say what to put in <{kwarg}>")
        kwargs[kwarg] = value
    return kwargs


def no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_every_public_pattern_is_requested(addresses):
    assert len(addresses) >= 25  # guards the walk: an empty list would pass every test below


@given(query=QUERIES)
@FOR_EACH_ADDRESS
def test_no_query_string_makes_an_address_fail(addresses, query):
    client = Client(raise_request_exception=False)
    for _, address in addresses:
        no_server_error(client, f"{address}?{urlencode(query)}")


@given(number=st.integers(min_value=0, max_value=10**30))
@FOR_EACH_ADDRESS
def test_no_number_in_an_address_makes_it_fail(addresses, number):
    client = Client(raise_request_exception=False)
    for surface, _ in addresses:
        for kwarg in {"year", "month", "day"} & set(surface.kwargs):
            values = {**{k: 1 for k in ("year", "month", "day")}, kwarg: number}
            kwargs = {k: values[k] for k in surface.kwargs}
            no_server_error(client, reverse(surface.name, kwargs=kwargs))


@pytest.mark.parametrize("number", ["92233720368547758", "9223372036854775808", str(10**30)])
def test_a_page_beyond_any_archive_is_not_found(addresses, number):
    topic = next(address for surface, address in addresses if surface.name.endswith("topic-detail"))
    client = Client(raise_request_exception=False)
    for url, parameter in [
        ("/sitemap-articles.xml", "p"),
        ("/news/", "page"),
        ("/search/?q=news&", "page"),
        (f"{topic}?", "page"),
    ]:
        separator = "" if url.endswith(("?", "&")) else "?"
        response = client.get(f"{url}{separator}{parameter}={number}")
        assert response.status_code == 404, url
