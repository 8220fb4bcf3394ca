"""The alert pages run the same number of queries however much is followed or offered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.tokens import subscriber_token
from tests.support.factories import ArticleFactory, TopicFactory

from .conftest import subscriber

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def public_topics(count):
    topics = [TopicFactory() for _ in range(count)]
    ArticleFactory(tags=topics)
    return topics


def test_the_sign_up_page_offering_one_topic_or_many(client):
    topics = public_topics(6)
    one = queries_of(client, f"/alerts/?topic={topics[0].slug}")
    many = queries_of(client, "/alerts/?" + "&".join(f"topic={t.slug}" for t in topics))
    assert one == many <= 6


def test_the_preferences_page_following_one_topic_or_many(client):
    topics = public_topics(6)
    few, lots = subscriber("few@example.org", topics[0]), subscriber("lots@example.org", *topics)
    one = queries_of(client, f"/alerts/preferences/{subscriber_token(few)}/")
    many = queries_of(client, f"/alerts/preferences/{subscriber_token(lots)}/")
    assert one == many <= 10
