from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import (
    Article,
    ArticleExpert,
    Conference,
    Department,
    Expert,
    MediaLink,
    PressContact,
    Source,
    Topic,
)
from press.models import Journalist


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@hospital.example")
    password = factory.django.Password("a-long-test-password")


class JournalistFactory(factory.django.DjangoModelFactory):
    """An approved journalist of the press room, with an account of their own (never staff)."""

    class Meta:
        model = Journalist

    user = factory.SubFactory(
        UserFactory,
        username=factory.Sequence(lambda n: f"reporter{n}@example.org"),
        email=factory.SelfAttribute("username"),
    )
    name = factory.Sequence(lambda n: f"Reporter {n}")
    outlet = "Daily Health"
    role = "Health correspondent"
    phone = "+44 20 7946 0100"
    work_url = "https://daily.example/health"
    status = Journalist.Status.APPROVED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"University Hospital {n}")
    url = factory.Sequence(lambda n: f"https://hospital{n}.example/")


class PressContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressContact

    name = factory.Sequence(lambda n: f"Press Officer {n}")
    role = "Press officer"
    email = factory.Sequence(lambda n: f"press{n}@hospital.example")
    phone = "+44 20 7946 0000"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Department of Medicine {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    description = "Care, teaching and research."


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    honorific = "Dr."
    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_name = "Alex"
    slug = factory.Sequence(lambda n: f"expert-{n}")
    position = "Consultant"
    department = factory.SubFactory(DepartmentFactory)


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    name = factory.Sequence(lambda n: f"Clinical Research Congress {n}")
    edition = "3rd"
    city = "Lyon"
    country = "France"
    start_date = date(2024, 2, 7)
    end_date = date(2024, 2, 9)
    slug = factory.Sequence(lambda n: f"conference-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """Published by default; traits give every other state."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hospital news item {n}")
    summary = "A short summary of the news."
    body = "<p>The full text of the news item.</p>"
    source = factory.SubFactory(SourceFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        published = factory.Trait(status=Article.Status.PUBLISHED)
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        in_review = factory.Trait(status=Article.Status.IN_REVIEW, published_at=None)
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        withdrawn = factory.Trait(status=Article.Status.WITHDRAWN)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class ArticleExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleExpert

    article = factory.SubFactory(ArticleFactory)
    expert = factory.SubFactory(ExpertFactory)
    role = ArticleExpert.Role.QUOTED


class MediaLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaLink

    article = factory.SubFactory(ArticleFactory)
    title = "Interview on new cell therapies"
    url = "https://video.example/interview"
    kind = MediaLink.Kind.VIDEO_INTERVIEW
    provider = "Medical Video Journal"
