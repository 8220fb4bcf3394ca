from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone

from articles.addresses import address_maker, slug_address
from articles.models import Article, ArticleExpert, Conference, Expert, Topic
from articles.models.links import ROLES
from articles.querysets import IsAnyOf
from articles.richtext import sanitize_html
from articles.validators import orcid_check_digit
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


# Experts: names in both orders, ORCID iDs


def test_family_first_name_displays_family_name_in_capitals_first():
    expert = ExpertFactory(
        honorific="Prof.",
        family_name="Huang",
        given_name="He",
        name_order=Expert.NameOrder.FAMILY_FIRST,
    )
    assert expert.display_name == "HUANG He"
    assert str(expert) == "Prof. HUANG He"
    assert expert.initial == "H"


def test_given_first_name_displays_in_western_order():
    expert = ExpertFactory(
        honorific="Dr.",
        family_name="Okafor",
        given_name="Amara",
        name_order=Expert.NameOrder.GIVEN_FIRST,
    )
    assert str(expert) == "Dr. Amara Okafor"
    assert expert.initial == "O"


def test_expert_slug_is_generated_and_unique():
    first = Expert.objects.create(family_name="Smith", given_name="Jane")
    second = Expert.objects.create(family_name="Smith", given_name="Jane")
    assert first.slug == "jane-smith"
    assert second.slug == "jane-smith-2"


def test_orcid_check_digit_matches_orcid_documentation_examples():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"


@pytest.mark.parametrize(
    "entered, stored",
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X"),
    ],
)
def test_valid_orcid_is_accepted_and_normalised(entered, stored):
    expert = ExpertFactory.build(orcid=entered, department=None)
    expert.full_clean()
    assert expert.orcid == stored


@pytest.mark.parametrize(
    "orcid, message",
    [
        ("0000-0002-1825-0098", "wrong check digit"),
        ("0000000218250097", "four groups"),
        ("abcd-0002-1825-0097", "four groups"),
    ],
)
def test_invalid_orcid_is_refused_with_a_clear_message(orcid, message):
    expert = ExpertFactory.build(orcid=orcid, department=None)
    with pytest.raises(ValidationError) as error:
        expert.full_clean()
    assert message in " ".join(error.value.message_dict["orcid"])


def test_orcid_is_unique_when_given_but_may_be_blank_for_many():
    ExpertFactory(orcid="0000-0002-1825-0097")
    ExpertFactory(orcid="")
    ExpertFactory(orcid="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertFactory(orcid="0000-0002-1825-0097")


# Conferences: dates


def test_conference_end_before_start_is_a_form_error():
    conference = ConferenceFactory.build(start_date=date(2024, 2, 9), end_date=date(2024, 2, 7))
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "end_date" in error.value.message_dict


def test_conference_end_before_start_is_refused_by_the_database():
    conference = ConferenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Conference.objects.filter(pk=conference.pk).update(start_date=date(2030, 1, 1))


def test_one_day_conference_is_valid():
    conference = ConferenceFactory.build(start_date=date(2024, 2, 7), end_date=date(2024, 2, 7))
    conference.full_clean()


def test_conference_display_and_slug():
    conference = Conference.objects.create(
        name="European CAR-T Conference",
        edition="6th",
        city="Valencia",
        country="Spain",
        start_date=date(2024, 2, 15),
        end_date=date(2024, 2, 17),
    )
    assert str(conference) == "6th European CAR-T Conference"
    assert conference.place == "Valencia, Spain"
    assert conference.slug == "6th-european-car-t-conference-2024"


# Articles: slugs, sanitising, completeness


def test_article_slug_comes_from_the_title_and_is_unique():
    first = ArticleFactory(title="New heart clinic opens", slug="")
    second = ArticleFactory(title="New heart clinic opens", slug="")
    assert first.slug == "new-heart-clinic-opens"
    assert second.slug == "new-heart-clinic-opens-2"


def test_article_title_without_latin_letters_still_gets_a_slug():
    article = ArticleFactory(title="骨髓移植中心", slug="")
    assert article.slug.startswith("article")


def test_first_publication_is_recorded_once():
    article = ArticleFactory(draft=True)
    assert not article.was_ever_published
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.save()
    first = article.first_published_at
    assert article.was_ever_published and first is not None
    article.status = Article.Status.WITHDRAWN
    article.save()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.first_published_at == first


def test_body_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="steal()">Safe <script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.org">good</a></p>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert 'href="https://example.org"' in article.body
    assert 'rel="noopener noreferrer"' in article.body


def test_sanitiser_keeps_the_allowed_structure():
    html = (
        "<h2>Results</h2><p><strong>Bold</strong> and <em>italic</em></p>"
        "<ul><li>one</li></ul><blockquote><p>Quote</p></blockquote>"
        "<table><tbody><tr><td>cell</td></tr></tbody></table>"
    )
    assert sanitize_html(html) == html


def test_sanitiser_keeps_only_our_own_images():
    assert 'src="/media/x.jpg"' in sanitize_html('<img src="/media/x.jpg" alt="x">')
    assert "evil" not in sanitize_html('<img src="https://evil.example/x.jpg" alt="x">')


def test_an_editor_leftover_empty_paragraph_is_an_empty_body():
    assert sanitize_html("<p></p>") == ""


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", ""),
        ("summary", ""),
        ("body", ""),
        ("source", None),
        ("published_at", None),
    ],
)
def test_publishing_requires_each_piece(field, value):
    article = ArticleFactory.build(**{"source": SourceFactory(), field: value})
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert field in error.value.message_dict


def test_publishing_an_image_requires_alt_text():
    article = ArticleFactory.build(
        source=SourceFactory(), hero_image="articles/x.jpg", hero_alt=" "
    )
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["hero_alt"] == [
        "Describe the image in its alt text before publishing."
    ]


def test_a_draft_may_be_incomplete():
    article = ArticleFactory.build(draft=True, summary="", body="", source=None)
    article.full_clean()


@pytest.mark.parametrize(
    "changes",
    [
        {"summary": ""},
        {"source": None},
        {"published_at": None},
        {"hero_image": "a.jpg", "hero_alt": ""},
    ],
)
def test_the_database_refuses_an_incomplete_published_article(changes):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(**changes)


def test_the_database_refuses_an_unknown_status():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="live")


def test_an_expert_appears_once_per_article_with_a_role():
    link = ArticleExpertFactory(role=ArticleExpert.Role.SPEAKER)
    assert str(link) == f"{link.expert} (speaker)"
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleExpertFactory(article=link.article, expert=link.expert)


def test_an_expert_quoted_in_an_article_cannot_be_deleted():
    link = ArticleExpertFactory()
    with pytest.raises(Exception) as error:
        link.expert.delete()
    assert "protected" in type(error.value).__name__.lower()


def test_every_public_model_has_a_readable_name_and_address():
    article = ArticleFactory(title="Stroke unit expands")
    expert = ExpertFactory()
    conference = ConferenceFactory()
    department = DepartmentFactory(name="Neurology", slug="neurology")
    assert str(article) == "Stroke unit expands"
    assert str(department) == "Neurology"
    assert article.get_absolute_url() == f"/news/{article.slug}/"
    assert expert.get_absolute_url() == f"/experts/{expert.slug}/"
    assert conference.get_absolute_url() == f"/conferences/{conference.slug}/"
    assert department.get_absolute_url() == "/departments/neurology/"


# Addresses: made around a reversed template instead of a reverse() per object


@pytest.mark.parametrize(
    "url_name", ["articles:article-detail", "articles:expert-detail", "articles:topic-detail"]
)
@pytest.mark.parametrize("slug", ["car-t-therapy", "a", "Mixed_Case-2024"])
def test_slug_addresses_are_what_reverse_gives(url_name, slug):
    assert address_maker(url_name)(slug) == reverse(url_name, kwargs={"slug": slug})


def test_slug_addresses_follow_the_script_prefix():
    set_script_prefix("/newsroom/")
    try:
        address = slug_address("articles:article-detail", "car-t-therapy")
        assert address == reverse("articles:article-detail", kwargs={"slug": "car-t-therapy"})
        assert address.startswith("/newsroom/news/")
    finally:
        set_script_prefix("/")


def test_a_slug_the_address_cannot_hold_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        slug_address("articles:article-detail", "no spaces/or slashes")


def test_is_any_of_selects_exactly_the_given_ids():
    first, second, _third = ArticleFactory.create_batch(3)
    chosen = Article.objects.filter(IsAnyOf(F("pk"), [first.pk, second.pk]))
    assert set(chosen) == {first, second}
    assert list(Article.objects.filter(IsAnyOf(F("pk"), []))) == []


# Template filters written for speed must say what Django's own would


def test_long_date_is_what_the_date_filter_writes_in_the_current_time_zone():
    template = engines["django"].from_string(
        '{% load newsroom %}{{ when|long_date }}={{ when|date:"j F Y" }} {{ day|long_date }}'
    )
    late_evening = datetime(2024, 4, 23, 23, 30, tzinfo=UTC)
    context = {"when": late_evening, "day": date(2024, 2, 1)}
    assert template.render(context) == "23 April 2024=23 April 2024 1 February 2024"
    with timezone.override("Asia/Shanghai"):
        assert template.render(context) == "24 April 2024=24 April 2024 1 February 2024"


def test_a_topics_address_is_its_page_and_keeps_its_name_readable():
    for slug in ("car-t", "骨髓移植"):
        expected = reverse("articles:topic-detail", kwargs={"slug": slug})
        assert Topic(name=slug, slug=slug).get_absolute_url() == expected


def test_the_database_accepts_every_role_the_form_offers():
    assert ArticleExpert.Role.values == ROLES


def test_the_roles_a_press_office_uses_are_kept_and_shown(db):
    for role, label in [
        ("keynote", "Keynote speaker"),
        ("panellist", "Panellist"),
        ("spokesperson", "Spokesperson"),
    ]:
        link = ArticleExpertFactory(role=role)
        link.full_clean()
        assert ArticleExpert.objects.get(pk=link.pk).get_role_display() == label
