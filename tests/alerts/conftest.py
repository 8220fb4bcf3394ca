import pytest
from django.utils import timezone

from alerts import interests
from alerts.models import Subscriber
from articles.models import Article
from tests.support.factories import ArticleExpertFactory, ArticleFactory, TopicFactory
from tests.support.tasks import run_worker


@pytest.fixture
def topic(db):
    """A topic the public sees (a published article refers to it)."""
    topic = TopicFactory(name="Cell therapy")
    ArticleFactory(title="An earlier story", tags=[topic])
    run_worker()  # its publication's tasks, done before the test's subscribers exist
    return topic


def subscriber(email, *choices, frequency=Subscriber.Frequency.IMMEDIATELY):
    """A confirmed subscriber following `choices` ("all", a facet row…)."""
    row = Subscriber.objects.create(
        email=email, frequency=frequency, confirmed_at=timezone.now(), last_digest_at=timezone.now()
    )
    values = []
    for choice in choices:
        if choice == "all":
            values.append(interests.EVERYTHING)
        else:
            kind = next(k for k in interests.KINDS.values() if isinstance(choice, k.model))
            values.append(f"{kind.key}:{choice.pk}")
    interests.follow(row, values)
    return row


def story(*, expert=None, **fields):
    """An article as an alert shows it, unpublished until the test publishes it."""
    fields.setdefault("status", Article.Status.DRAFT)
    fields.setdefault("published_at", None)
    article = ArticleFactory(**fields)
    if expert:
        ArticleExpertFactory(article=article, expert=expert)
    return article
