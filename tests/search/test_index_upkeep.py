"""Keeping the search index current: the articles a transaction touches are rebuilt once, when
it commits, and a facet's articles only when a name the index holds changed."""

import logging

import pytest
from django.db import connection, transaction

from articles import services
from articles.models import Article, Topic
from search import indexing
from search.indexing import index_missing_documents
from search.models import ArticleSearchDocument
from search.query import Query
from search.results import search
from tests.support.admin_forms import admin_url, article_form, change_form, errors_of
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rebuilds(monkeypatch):
    """The id sets each rebuild was asked for, the rebuild itself still done."""
    calls = []
    rebuild = indexing.rebuild

    def counting(ids):
        calls.append(set(ids))
        rebuild(ids)

    monkeypatch.setattr(indexing, "rebuild", counting)
    return calls


def found(query):
    return [article.title for article in search(Query.parse(query)).articles]


def test_one_admin_save_with_topics_experts_and_links_rebuilds_the_article_once(
    editor_client, committed, rebuilds
):
    experts = [ExpertFactory(family_name=name) for name in ("Okafor", "Lindqvist", "Haddad")]
    conference = ConferenceFactory(city="Valencia")
    department = DepartmentFactory(name="Haematology")
    data = article_form(
        title="Cell therapy clinic opens",
        _action="publish",
        published_at_0="2024-04-23",
        published_at_1="09:00:00",
        source=SourceFactory().pk,
        conferences=[conference.pk],
        departments=[department.pk],
        tags="CAR-T, multiple myeloma, cell therapy, 骨髓移植",
        **{"expert_roles-TOTAL_FORMS": str(len(experts))},
    )
    for order, expert in enumerate(experts):
        data |= {
            f"expert_roles-{order}-expert": expert.pk,
            f"expert_roles-{order}-role": "quoted",
            f"expert_roles-{order}-order": str(order),
        }
    with committed():
        response = editor_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert rebuilds == [{article.pk}]
    for name in ("Okafor", "Haddad", "Valencia", "haematology", "myeloma", "骨髓"):
        assert found(name) == ["Cell therapy clinic opens"], name


def test_saving_the_form_again_with_changed_topics_rebuilds_once(
    editor_client, committed, rebuilds
):
    with committed():
        article = ArticleFactory(title="Sleep clinic", tags=["insomnia"])
        ArticleExpertFactory(article=article)
    rebuilds.clear()
    data = change_form(article, tags="sleep apnoea, snoring")
    with committed():
        response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, errors_of(response)
    assert rebuilds == [{article.pk}]
    assert found("snoring") == ["Sleep clinic"] and found("insomnia") == []


def test_nothing_is_rebuilt_before_the_transaction_commits(committed, rebuilds):
    with committed(), transaction.atomic():
        article = ArticleFactory(title="Asthma clinic", tags=["asthma", "allergy"])
        article.departments.add(DepartmentFactory())
        assert rebuilds == []
    assert rebuilds == [{article.pk}]


def test_a_rolled_back_change_rebuilds_nothing(committed, rebuilds):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory(title="Never saved")
        raise RuntimeError
    assert rebuilds == []


def test_a_facets_articles_are_rebuilt_only_when_a_name_the_index_holds_changes(
    committed, rebuilds
):
    with committed():
        role = ArticleExpertFactory(article__title="Heart clinic", expert__family_name="Okafor")
        ArticleExpertFactory(expert=role.expert, article__title="Heart study")
    expert = role.expert
    rebuilds.clear()
    with committed():
        expert.bio = "Cardiologist with a long record of clinical trials."
        expert.position = "Director"
        expert.save()
    assert rebuilds == []
    with committed():
        expert.family_name = "Okonkwo"
        expert.save()
    assert rebuilds == [set(expert.articles.values_list("pk", flat=True))]
    assert sorted(found("Okonkwo")) == ["Heart clinic", "Heart study"]
    assert found("Okafor") == []


def test_a_renamed_topic_rebuilds_each_of_its_articles_once(committed, rebuilds):
    with committed():
        tagged = [ArticleFactory(title=f"Vaccine news {n}", tags=["vaccines"]) for n in range(3)]
        ArticleFactory(title="Other news", tags=["other"])
    rebuilds.clear()
    with committed():
        topic = Topic.objects.get(name="vaccines")
        topic.name = "immunisation"
        topic.save()
    assert rebuilds == [{article.pk for article in tagged}]
    assert len(found("immunisation")) == 3


def test_deleting_a_conference_rebuilds_its_articles_without_it(committed, rebuilds):
    with committed():
        article = ArticleFactory(title="Congress report")
        conference = ConferenceFactory(name="Thoracic Society", city="Lisbon")
        article.conferences.add(conference)
    assert found("Lisbon") == ["Congress report"]
    rebuilds.clear()
    with committed():
        conference.delete()
    assert rebuilds == [{article.pk}]
    assert found("Lisbon") == []


def test_clearing_a_departments_articles_rebuilds_them(committed, rebuilds):
    with committed():
        department = DepartmentFactory(name="Nephrology")
        articles = [ArticleFactory(title=f"Kidney news {n}") for n in range(2)]
        department.articles.add(*articles)
    rebuilds.clear()
    with committed():
        department.articles.clear()
    assert rebuilds == [{article.pk for article in articles}]
    assert found("nephrology") == []


def test_a_withdrawal_or_a_feature_does_not_rebuild_the_document(editor, committed, rebuilds):
    with committed():
        article = ArticleFactory()
    rebuilds.clear()
    with committed():
        services.set_featured(article, editor, True)
        services.withdraw(article, editor)
    assert rebuilds == []


def test_a_deleted_article_leaves_no_document_behind(committed):
    with committed():
        article = ArticleFactory(title="Glaucoma screening")
    with committed():
        article.delete()
    assert not ArticleSearchDocument.objects.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fulltext WHERE rowid = %s", [article.pk])
            assert cursor.fetchone() == (0,)


def test_a_failed_rebuild_is_logged_and_the_save_stands(
    editor_client, committed, monkeypatch, caplog
):
    def failing(ids):
        raise RuntimeError("the index is unavailable")

    monkeypatch.setattr(indexing, "rebuild", failing)
    with committed(), caplog.at_level(logging.ERROR):
        response = editor_client.post(admin_url(Article, "add"), article_form(title="Kept"))
    assert response.status_code == 302, errors_of(response)
    assert Article.objects.filter(title="Kept").exists()
    assert "the index is unavailable" in caplog.text


def test_migrate_builds_the_documents_that_are_missing(committed):
    with committed():
        kept = ArticleFactory(title="Dialysis unit")
        lost = ArticleFactory(title="Dialysis results")
    ArticleSearchDocument.objects.filter(article=lost).delete()
    index_missing_documents()
    assert set(ArticleSearchDocument.objects.values_list("pk", flat=True)) == {kept.pk, lost.pk}
    assert sorted(found("dialysis")) == ["Dialysis results", "Dialysis unit"]
