"""Search: ranking, names, Chinese, highlights, facets, people and events, hostile queries, and
never anything unpublished. Tests marked `postgres` check the full-text index itself."""

import io
from datetime import timedelta

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Topic
from search import facets, people, snippets
from search import results as search_results
from search.models import ArticleSearchDocument
from search.query import MAX_QUERY_LENGTH, Query
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
)

# Each save commits, as in production: search documents are rebuilt when a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


def found(query, **filters):
    found = search_results.search(Query.parse(query), filters)
    return [article.title for article in found.articles]


def test_title_match_ranks_above_summary_and_body_matches():
    ArticleFactory(title="Ward news", body="<p>The new dialysis unit opens.</p>")
    ArticleFactory(title="New dialysis unit opens", body="<p>Ward news.</p>")
    ArticleFactory(title="Kidney care", summary="A dialysis milestone.")
    assert found("dialysis") == ["New dialysis unit opens", "Kidney care", "Ward news"]


def test_matches_only_in_the_text_come_newest_first():
    now = timezone.now()
    ArticleFactory(title="Older", body="<p>Sepsis</p>", published_at=now - timedelta(days=9))
    ArticleFactory(title="Newer", body="<p>Sepsis</p>", published_at=now - timedelta(days=1))
    assert found("sepsis") == ["Newer", "Older"]


def test_a_very_common_word_keeps_the_best_matches_and_says_so(client, monkeypatch):
    monkeypatch.setattr(search_results, "MAX_RESULTS", 4)
    for index in range(6):
        ArticleFactory(title=f"Clinic update {index}", tags=["clinics"])
    ArticleFactory(title="Ward news", body="<p>A clinic opens.</p>")
    results = search_results.search(Query.parse("clinic"))
    assert results.is_capped and len(results.articles) == 4
    assert "Ward news" not in [article.title for article in results.articles]
    assert [option[2] for option in results.facets[0].options] == [4]  # counted among the best
    page = client.get("/search/", {"q": "clinic"}).content.decode()
    assert "More than 4 articles match; these are the best 4" in page


def test_every_word_of_a_long_query_must_match_text_or_names():
    article = ArticleFactory(title="Heart clinic", tags=["cardiology"])
    ArticleExpertFactory(article=article, expert__family_name="Okafor")
    article.departments.add(DepartmentFactory(name="Vascular Surgery"))
    ArticleFactory(title="Heart clinic elsewhere")
    words = "heart clinic cardiology okafor vascular surgery heart clinic heart clinic okafor heart"
    assert found(words) == ["Heart clinic"]


def test_experts_topics_conferences_and_departments_are_found_by_name():
    article = ArticleFactory(title="Cell therapy results", tags=["CAR-T", "multiple myeloma"])
    ArticleExpertFactory(article=article, expert__family_name="Huang", expert__given_name="He")
    article.conferences.add(ConferenceFactory(name="European CAR-T Conference", city="Valencia"))
    article.departments.add(DepartmentFactory(name="Bone Marrow Transplantation Center"))
    ArticleFactory(title="Unrelated story")
    for query in ("HUANG", "huang he", "CAR-T", "myeloma", "Valencia", "transplantation"):
        assert found(query) == ["Cell therapy results"], query


def test_renamed_topic_and_expert_are_found_by_their_new_names():
    article = ArticleFactory(title="Sleep study", tags=["insomnia"])
    role = ArticleExpertFactory(article=article, expert__family_name="Smith")
    tag = Topic.objects.get(name="insomnia")
    tag.name = "sleeplessness"
    tag.save()
    role.expert.family_name = "Okonkwo"
    role.expert.save()
    assert found("sleeplessness") == ["Sleep study"]
    assert found("Okonkwo") == ["Sleep study"]
    assert found("insomnia") == []


def test_chinese_terms_are_found_inside_longer_words():
    ArticleFactory(title="Transplant centre", summary="骨髓移植中心的新进展", tags=["骨髓移植"])
    ArticleFactory(title="Other news")
    assert found("骨髓") == ["Transplant centre"]
    assert found("移植中心") == ["Transplant centre"]
    assert found("骨") == ["Transplant centre"]
    assert found("心脏") == []


def test_unpublished_articles_and_what_only_they_use_are_never_returned():
    for state in ("draft", "in_review", "scheduled", "withdrawn"):
        article = ArticleFactory(title=f"Secret zebrafish {state}", **{state: True})
        ArticleExpertFactory(article=article, expert__family_name=f"Hidden{state}")
        article.conferences.add(ConferenceFactory(name=f"Zebrafish congress {state}"))
    ArticleFactory(title="Public story")
    results = search_results.search(Query.parse("zebrafish"))
    assert list(results.articles) == []
    assert results.people == [] and results.events == [] and results.facets == []
    assert search_results.search(Query.parse("Hiddendraft")).people == []
    assert people.suggestions(Query.parse("Hiddendraf")) == []


def test_snippet_highlights_the_match_and_escapes_the_text(client):
    ArticleFactory(
        title="Myeloma clinic",
        body="<p>Intro.</p><p>People with <b>multiple myeloma</b> &lt;now&gt; get care sooner.</p>",
    )
    page = client.get("/search/", {"q": "myeloma"}).content.decode()
    assert "<mark>Myeloma</mark> clinic" in page
    assert "multiple <mark>myeloma</mark> &lt;now&gt; get care sooner" in page


def test_a_result_found_by_a_topic_shows_the_topic_marked(client):
    ArticleFactory(title="Transplant unit opens", summary="A new unit.", tags=["骨髓移植", "care"])
    result = client.get("/search/", {"q": "骨髓"}).context["object_list"][0]
    assert result.snippet == "A new unit. · Topic: <mark>骨髓</mark>移植"


def test_plain_text_keeps_paragraphs_apart_and_drops_markup():
    html = "<p>Results.</p><p>New <em>trial</em> &amp; care<br>today</p><script>x()</script>"
    assert " ".join(snippets.plain_text(html).split()) == "Results. New trial & care today"
    assert snippets.plain_text("A < B and C > D") == "A < B and C > D"


def test_facets_count_and_narrow_the_results(client):
    cardiology = DepartmentFactory(name="Cardiology", slug="cardiology")
    huang = ExpertFactory(
        honorific="Prof.", family_name="HUANG", given_name="He", name_order="family_first"
    )
    smith = ExpertFactory(honorific="Dr.", family_name="Smith", given_name="Ann")
    for year, topic in ((2023, "heart"), (2024, "heart"), (2024, "stroke")):
        article = ArticleFactory(
            title=f"Heart care {year} {topic}",
            published_at=f"{year}-05-01T09:00:00Z",
            tags=[topic],
        )
        article.departments.add(cardiology)
        ArticleExpertFactory(article=article, expert=huang)
    ArticleExpertFactory(article=article, expert=smith)
    response = client.get("/search/", {"q": "heart care"})
    facets = {facet["label"]: facet["options"] for facet in response.context["facets"]}
    assert [(label, count) for label, count, _, _ in facets["Topic"]] == [
        ("heart", 2),
        ("stroke", 1),
    ]
    assert [(label, count) for label, count, _, _ in facets["Year"]] == [("2024", 2), ("2023", 1)]
    assert [(label, count) for label, count, _, _ in facets["Department"]] == [("Cardiology", 3)]
    assert [(label, count) for label, count, _, _ in facets["Expert"]] == [
        ("Prof. HUANG He", 3),
        ("Dr. Ann Smith", 1),
    ]
    narrowed = client.get("/search/", {"q": "heart care", "topic": "heart", "year": "2024"})
    assert [a.title for a in narrowed.context["object_list"]] == ["Heart care 2024 heart"]
    assert "Remove topic “heart”" in narrowed.content.decode()
    by_expert = client.get("/search/", {"q": "heart care", "expert": smith.slug})
    assert [a.title for a in by_expert.context["object_list"]] == ["Heart care 2024 stroke"]
    by_department = client.get("/search/", {"q": "heart care", "department": "cardiology"})
    assert by_department.context["found"] == 3
    unknown = client.get("/search/", {"q": "heart care", "topic": "no-such-topic"})
    assert unknown.status_code == 200 and unknown.context["found"] == 0
    for bad_year in ("2024; DROP TABLE", "99999999", "²⁰²⁴", "0"):
        ignored = client.get("/search/", {"q": "heart care", "year": bad_year})
        assert ignored.status_code == 200 and ignored.context["found"] == 3, bad_year


def facet_labels(query):
    results = search_results.search(Query.parse(query))
    return {facet.label: [option[1] for option in facet.options] for facet in results.facets}


def test_facets_follow_renamed_removed_and_deleted_names():
    department = DepartmentFactory(name="Cardiology")
    expert = ExpertFactory(honorific="Dr.", given_name="Ann", family_name="Smith")
    article = ArticleFactory(title="Heart failure clinic", tags=["heart"])
    article.departments.add(department)
    role = ArticleExpertFactory(article=article, expert=expert)
    assert facet_labels("heart failure") == {
        "Topic": ["heart"],
        "Department": ["Cardiology"],
        "Expert": ["Dr. Ann Smith"],
        "Year": [str(article.published_at.year)],
    }
    tag = Topic.objects.get(name="heart")
    tag.name = "cardiac care"
    tag.save()
    department.name = "Heart and Vessels"
    department.save()
    expert.honorific = "Prof."
    expert.save()
    labels = facet_labels("heart failure")
    assert labels["Topic"] == ["cardiac care"]
    assert labels["Department"] == ["Heart and Vessels"]
    assert labels["Expert"] == ["Prof. Ann Smith"]
    article.tags.remove(tag)
    role.delete()
    department.delete()
    assert set(facet_labels("heart failure")) == {"Year"}


def test_facet_options_are_named_from_the_cache_once_read(django_assert_num_queries):
    article = ArticleFactory(title="Heart failure clinic", tags=["heart"])
    ArticleExpertFactory(article=article, expert__family_name="Smith")
    query = Query.parse("heart failure")
    with django_assert_num_queries(5):  # matches, facet names, who is named (two), the page
        first = search_results.search(query)
        list(first.articles)
    with django_assert_num_queries(4):  # the facet names come from the cache
        again = search_results.search(query)
        list(again.articles)
    assert again.facets == first.facets


def test_the_rebuild_command_writes_the_facet_documents():
    article = ArticleFactory(title="Glaucoma screening", tags=["eyes"])
    ArticleSearchDocument.objects.filter(article=article).update(facet_keys="")
    assert "Topic" not in facet_labels("glaucoma")
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert facet_labels("glaucoma")["Topic"] == ["eyes"]


def test_facets_rank_by_use_then_by_name():
    for tags in (["b-topic", "a-topic"], ["b-topic", "c-topic"], ["d-topic"]):
        ArticleFactory(title="Sleep clinic", tags=tags)
    assert facet_labels("sleep")["Topic"] == ["b-topic", "a-topic", "c-topic", "d-topic"]


def test_most_used_keeps_the_facet_size_most_used_and_their_ties(monkeypatch):
    monkeypatch.setattr(facets, "FACET_SIZE", 2)
    keys = ["topic:1 topic:2 expert:7", "topic:1 topic:3", "topic:2 topic:4 other:9", "topic:1"]
    assert facets.most_used(keys) == {
        "topic": {1: 3, 2: 2},
        "department": {},
        "expert": {7: 1},
    }
    tied = ["topic:1 topic:2 topic:3", "topic:1"]
    assert facets.most_used(tied)["topic"] == {1: 2, 2: 1, 3: 1}


def test_people_and_events_are_shown_above_the_articles(client):
    article = ArticleFactory(title="Valencia meeting")
    ArticleExpertFactory(article=article, expert__family_name="Huang", expert__given_name="He")
    article.conferences.add(ConferenceFactory(name="European CAR-T Conference", city="Valencia"))
    page = client.get("/search/", {"q": "Valencia"}).content.decode()
    assert page.index(">Events<") < page.index(">Articles<")
    assert "European CAR-T Conference" in page
    people = client.get("/search/", {"q": "huang"}).content.decode()
    assert page.count(">People<") == 0 and ">People<" in people


def test_people_and_events_do_not_depend_on_the_best_matches_kept(monkeypatch):
    monkeypatch.setattr(search_results, "MAX_RESULTS", 2)
    for index in range(3):
        ArticleFactory(title=f"Clinic news {index}")
    ArticleFactory(title="Annual meeting").conferences.add(
        ConferenceFactory(name="Clinic Congress")
    )
    results = search_results.search(Query.parse("clinic"))
    assert results.is_capped
    assert [event.name for event in results.events] == ["Clinic Congress"]


def test_people_show_their_department_and_come_in_directory_order():
    cardiology = DepartmentFactory(name="Cardiology")
    for family_name, department in (("Zhang", None), ("Lee", cardiology), ("Adams", cardiology)):
        ArticleExpertFactory(
            expert__family_name=family_name, expert__given_name="Kim", expert__department=department
        )
    people = search_results.search(Query.parse("kim")).people
    assert [(expert.family_name, str(expert.department or "")) for expert in people] == [
        ("Adams", "Cardiology"),
        ("Lee", "Cardiology"),
        ("Zhang", ""),
    ]
    assert people[0].get_absolute_url() == f"/experts/{people[0].slug}/"


def test_a_name_with_an_apostrophe_is_found_as_typed():
    ArticleExpertFactory(expert__family_name="O'Neill", expert__given_name="Ann")
    ArticleExpertFactory(expert__family_name="Oneill", expert__given_name="Ann")
    found = people.matching_people(Query.parse("o'neill"))
    assert [expert.family_name for expert in found] == ["O'Neill"]


def test_a_typo_gets_a_close_topic_or_expert_suggested(client):
    ArticleFactory(tags=["cardiology"])
    ArticleExpertFactory(expert__family_name="Okonkwo")
    page = client.get("/search/", {"q": "cardiolgy"}).content.decode()
    assert 'Did you mean <a href="?q=cardiology">cardiology</a>?' in page
    assert "Okonkwo" in client.get("/search/", {"q": "Okonkow"}).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "&",
        '"',
        "'",
        "a & b | !c",
        "<script>alert(1)</script>",
        "-",
        "foo:*",
        "\\",
        "nul\x00byte",
        "((",
        "OR",
        "' OR 1=1 --",
        "x" * 5000,
        "🙂 emoji",
        "a" * 199 + "é",
        " ".join(["cardiac"] * 12),
        "one two three four five six seven eight nine ten eleven twelve thirteen",
    ],
)
def test_hostile_or_odd_queries_get_a_friendly_page(client, query):
    ArticleFactory(title="Something to find")
    response = client.get("/search/", {"q": query, "topic": query, "expert": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH


def test_query_with_markup_is_echoed_escaped(client):
    html = client.get("/search/", {"q": '<img src=x onerror="a()">'}).content.decode()
    assert "&lt;img src=x onerror=&quot;a()&quot;&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_a_results_page_runs_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    for index in range(count):
        article = ArticleFactory(title=f"Vaccine news {index}", tags=[f"topic-{index}", "vaccines"])
        ArticleExpertFactory(article=article)
        article.departments.add(DepartmentFactory())
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "vaccine"})
    assert response.context["found"] == count


def test_no_results_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for index in range(20):
        ArticleExpertFactory(article__tags=[f"topic-{index}"])
    with django_assert_max_num_queries(10):
        client.get("/search/", {"q": "nothing-matches-this"})


def test_pagination_keeps_the_query_and_filters(client):
    for index in range(25):
        ArticleFactory(title=f"Flu advice {index}", tags=["flu"])
    page = client.get("/search/", {"q": "flu", "topic": "flu"}).content.decode()
    assert 'href="?q=flu&amp;topic=flu&amp;page=2"' in page


@pytest.mark.parametrize("query", ["HUANG", "CAR-T", "myeloma", "Valencia", "骨髓"])
def test_the_demo_car_t_story_comes_first(client, query):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.get("/search/", {"q": query})
    first = response.context["object_list"][0]
    assert first.slug == "chinese-car-t-advances-take-centre-stage-in-valencia"
    assert "<mark>" in first.title_marked + first.snippet  # shown why it matched


# The PostgreSQL index


@pytest.mark.postgres
def test_every_save_keeps_the_search_vector_current():
    article = ArticleFactory(title="Asthma clinic")
    assert "asthma" in vector_of(article)
    article.title = "Allergy clinic"
    article.save()
    assert "allergi" in vector_of(article) and "asthma" not in vector_of(article)
    department = DepartmentFactory(name="Respiratory Medicine")
    article.departments.add(department)
    assert "respiratori" in vector_of(article)
    department.name = "Lung Health"
    department.save()
    assert "lung" in vector_of(article)
    conference = ConferenceFactory(name="Thoracic Society", city="Lisbon")
    article.conferences.add(conference)
    assert "lisbon" in vector_of(article)
    conference.delete()
    assert "lisbon" not in vector_of(article)


@pytest.mark.postgres
def test_title_words_weigh_most_in_the_vector():
    article = ArticleFactory(title="Asthma", summary="Allergy", body="<p>Eczema</p>")
    vector = vector_of(article)
    assert "'asthma':1A" in vector and "allergi" in vector and "'eczema'" in vector


@pytest.mark.postgres
def test_the_rank_vector_holds_title_summary_and_names_but_not_the_text():
    article = ArticleFactory(title="Asthma", summary="Allergy", body="<p>Eczema</p>")
    ArticleExpertFactory(article=article, expert__family_name="Okafor")
    vector = str(
        ArticleSearchDocument.objects.values_list("rank_vector", flat=True).get(pk=article.pk)
    )
    assert "'asthma':1A" in vector and "allergi" in vector and "okafor" in vector
    assert "eczema" not in vector


@pytest.mark.postgres
def test_rebuild_command_indexes_articles_written_without_the_orm():
    article = ArticleFactory(title="Glaucoma screening")
    ArticleSearchDocument.objects.filter(article=article).delete()
    assert found("glaucoma") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found("glaucoma") == ["Glaucoma screening"]


@pytest.mark.postgres
def test_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_vector_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (vector)" in definition


def vector_of(article):
    return str(ArticleSearchDocument.objects.values_list("vector", flat=True).get(pk=article.pk))


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_a_search_can_be_followed_as_a_feed(client, format):
    ArticleFactory(title="Measles vaccination drive")
    ArticleFactory(title="Hidden measles draft", draft=True)
    ArticleFactory(title="Unrelated")
    response = client.get(f"/search/feed.{format}", {"q": "measles"})
    assert response.status_code == 200
    if format == "json":
        titles = [item["title"] for item in response.json()["items"]]
    else:
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
    assert titles == ["Measles vaccination drive"]


def test_search_feed_of_an_odd_query_is_an_empty_feed(client):
    response = client.get("/search/feed.rss", {"q": "\x00<&>"})
    assert response.status_code == 200
    assert feedparser.parse(response.content).entries == []


def test_results_page_links_to_the_search_feed(client):
    ArticleFactory(title="Measles vaccination drive")
    page = client.get("/search/", {"q": "measles"}).content.decode()
    assert 'href="/search/feed.rss?q=measles"' in page
