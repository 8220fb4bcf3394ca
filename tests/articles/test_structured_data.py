import json
import re

import pytest
from django.template import Context, Template

from articles import structured_data
from articles.models import Article
from tests.support.factories import ArticleExpertFactory, ConferenceFactory, ExpertFactory

pytestmark = pytest.mark.django_db


def render_json_ld(data):
    return Template("{% load newsroom %}{% json_ld data %}").render(Context({"data": data}))


def test_json_ld_cannot_be_broken_out_of_and_round_trips():
    hostile = '</script><script>alert("x")</script> & <!-- 骨髓 -->'
    html = render_json_ld({"@type": "Thing", "name": hostile})
    assert html.count("</script") == 1
    assert "<script>" not in html and "<!--" not in html
    body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S).group(1)
    assert json.loads(body) == {"@context": "https://schema.org", "@type": "Thing", "name": hostile}


def test_json_ld_renders_one_script_per_item():
    html = render_json_ld([{"@type": "Thing"}, {"@type": "Event"}])
    assert html.count('<script type="application/ld+json">') == 2


def test_news_article_reuses_prefetched_relations(rf, django_assert_num_queries):
    link = ArticleExpertFactory(
        expert__honorific="Prof.",
        expert__family_name="Huang",
        expert__given_name="He",
        expert__name_order="family_first",
    )
    link.article.conferences.add(ConferenceFactory(city="Valencia", country="Spain"))
    link.article.tags.add("CAR-T")
    article = Article.objects.with_details().get(pk=link.article.pk)
    with django_assert_num_queries(0):
        data = structured_data.news_article(rf.get("/"), article)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.png"
    about = {item["@type"]: item for item in data["about"]}
    assert about["Person"]["name"] == "Prof. HUANG He"
    assert about["Event"]["location"]["address"]["addressLocality"] == "Valencia"
    assert {"@type": "Thing", "name": "CAR-T"} in data["mentions"]


def test_person_links_orcid_and_department(rf):
    expert = ExpertFactory(orcid="0000-0002-1825-0097", bio="")
    data = structured_data.person(rf.get("/"), expert)
    assert data["@type"] == "Person"
    assert data["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
    assert data["memberOf"]["name"] == expert.department.name
    assert "description" not in data


def test_event_has_dates_and_place(rf):
    conference = ConferenceFactory(website="")
    data = structured_data.event(rf.get("/"), conference)
    assert (data["startDate"], data["endDate"]) == ("2024-02-07", "2024-02-09")
    assert data["url"] == f"http://testserver{conference.get_absolute_url()}"


def test_breadcrumbs_are_numbered_from_one_with_absolute_urls(rf):
    data = structured_data.breadcrumbs(rf.get("/"), [("Home", "/"), ("News", "/news/")])
    assert [(i["position"], i["item"]) for i in data["itemListElement"]] == [
        (1, "http://testserver/"),
        (2, "http://testserver/news/"),
    ]
