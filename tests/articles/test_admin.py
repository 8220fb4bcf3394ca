import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, ArticleExpert, MediaLink
from tests.support.admin_forms import admin_url, article_form, editing, errors_of
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
    PressContactFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(editor):
    link = ArticleExpertFactory(
        article__created_by=editor, article__press_contact=PressContactFactory()
    )
    link.article.conferences.add(ConferenceFactory())
    link.article.departments.add(link.expert.department)
    link.article.tags.add("CAR-T")
    return link


def test_every_admin_page_renders_for_an_editor(editor_client, editor, one_of_each, rf):
    request = rf.get("/")
    request.user = editor
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "articles":
            continue
        assert editor_client.get(admin_url(model, "changelist")).status_code == 200, model
        assert editor_client.get(admin_url(model, "add")).status_code == 200, model
        obj = model_admin.get_queryset(request).first()
        assert obj is not None, model
        assert editor_client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_editor_enters_the_whole_car_t_item_in_one_form(editor_client):
    source = SourceFactory(name="First Affiliated Hospital")
    expert = ExpertFactory(
        honorific="Prof.", family_name="Huang", given_name="He", name_order="family_first"
    )
    conference = ConferenceFactory(
        name="European CAR-T Conference", edition="6th", city="Valencia", country="Spain"
    )
    department = expert.department
    response = editor_client.post(
        admin_url(Article, "add"),
        article_form(
            **{
                "title": "Haematology team shares CAR-T advances in Valencia",
                "_action": "publish",
                "published_at_0": "2024-04-23",
                "published_at_1": "09:00:00",
                "source": source.pk,
                "original_url": "hospital.example/news/car-t",
                "byline": "Communications Office",
                "is_featured": "on",
                "conferences": [conference.pk],
                "departments": [department.pk],
                "tags": "CAR-T, multiple myeloma, cell therapy",
                "expert_roles-TOTAL_FORMS": "1",
                "expert_roles-0-expert": expert.pk,
                "expert_roles-0-role": "speaker",
                "expert_roles-0-order": "0",
                "media_links-TOTAL_FORMS": "1",
                "media_links-0-title": "Video interview on CAR-T in China",
                "media_links-0-url": "https://video.example/car-t",
                "media_links-0-kind": "video_interview",
                "media_links-0-provider": "Video Journal of Hematology",
                "media_links-0-order": "0",
            }
        ),
    )
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.is_published
    assert article.slug == "haematology-team-shares-car-t-advances-in-valencia"
    assert article.published_at.isoformat().startswith("2024-04-23")
    assert article.source == source
    assert article.original_url == "https://hospital.example/news/car-t"
    assert article.is_featured
    assert list(article.conferences.all()) == [conference]
    assert list(article.departments.all()) == [department]
    assert sorted(article.tags.names()) == ["CAR-T", "cell therapy", "multiple myeloma"]
    role = article.expert_roles.get()
    assert (role.expert, role.role) == (expert, "speaker")
    media = article.media_links.get()
    assert (media.kind, media.provider) == ("video_interview", "Video Journal of Hematology")
    assert article.created_by.username == "editor"


def test_publishing_an_incomplete_article_names_every_missing_piece_and_saves_nothing(
    editor_client,
):
    expert = ExpertFactory()
    response = editor_client.post(
        admin_url(Article, "add"),
        article_form(
            **{
                "_action": "publish",
                "summary": "",
                "body": "<p></p>",
                "expert_roles-TOTAL_FORMS": "1",
                "expert_roles-0-expert": expert.pk,
                "expert_roles-0-role": "quoted",
                "expert_roles-0-order": "0",
            }
        ),
    )
    assert response.status_code == 200
    errors = errors_of(response)
    # "Publish now" gives the article its date (now) itself; what it cannot give is named.
    assert set(errors) >= {"summary", "body", "source"}
    assert "published_at" not in errors
    assert not Article.objects.exists()
    assert not ArticleExpert.objects.exists()


def test_publishing_an_image_without_alt_text_is_refused(editor_client, tmp_path):
    article = ArticleFactory(draft=True, hero_image="articles/photo.jpg")
    data = article_form(
        title=article.title,
        slug=article.slug,
        _action="publish",
        published_at_0="2024-04-23",
        published_at_1="09:00",
        source=article.source.pk,
        **editing(article),
    )
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 200
    assert list(errors_of(response)) == ["hero_alt"]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_bad_inline_row_saves_nothing(editor_client):
    response = editor_client.post(
        admin_url(Article, "add"),
        article_form(
            **{
                "media_links-TOTAL_FORMS": "1",
                "media_links-0-title": "Podcast",
                "media_links-0-url": "not a url",
                "media_links-0-kind": "podcast",
                "media_links-0-order": "0",
            }
        ),
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert not MediaLink.objects.exists()


def test_slug_of_a_published_article_stays_editable_without_prefilling(editor_client):
    draft = ArticleFactory(draft=True)
    published = ArticleFactory()
    draft_page = editor_client.get(admin_url(Article, "change", draft.pk)).content.decode()
    page = editor_client.get(admin_url(Article, "change", published.pk)).content.decode()
    assert 'name="slug"' in draft_page and 'name="slug"' in page
    assert "prepopulated_fields" not in page or '"#id_slug"' not in page
    assert "old address keeps working" in page


def test_conference_ending_before_it_starts_is_a_form_error(editor_client):
    from articles.models import Conference

    response = editor_client.post(
        admin_url(Conference, "add"),
        {
            "name": "Stroke Summit",
            "edition": "",
            "slug": "stroke-summit",
            "city": "Oslo",
            "country": "Norway",
            "start_date": "2024-05-10",
            "end_date": "2024-05-08",
            "website": "",
        },
    )
    assert response.status_code == 200
    assert "end_date" in errors_of(response)
    assert not Conference.objects.exists()


def test_pasted_orcid_link_is_stored_as_the_bare_id(editor_client):
    from articles.models import Expert

    response = editor_client.post(
        admin_url(Expert, "add"),
        {
            "honorific": "Dr.",
            "family_name": "Carberry",
            "given_name": "Josiah",
            "name_order": "given_first",
            "slug": "josiah-carberry",
            "position": "",
            "department": "",
            "affiliation": "",
            "bio": "",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "profile_url": "",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert Expert.objects.get().orcid == "0000-0002-1825-0097"


def test_invalid_orcid_in_admin_is_a_clear_error(editor_client):
    from articles.models import Expert

    response = editor_client.post(
        admin_url(Expert, "add"),
        {
            "honorific": "",
            "family_name": "Li",
            "given_name": "Wei",
            "name_order": "family_first",
            "slug": "wei-li",
            "position": "",
            "department": "",
            "affiliation": "",
            "bio": "",
            "orcid": "0000-0002-1825-0098",
            "profile_url": "",
        },
    )
    assert "wrong check digit" in errors_of(response)["orcid"][0]


# Actions


def test_publish_action_publishes_complete_articles_and_reports_incomplete_ones(editor_client):
    ready = ArticleFactory(draft=True)
    incomplete = ArticleFactory(draft=True, summary="")
    response = editor_client.post(
        admin_url(Article, "changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [ready.pk, incomplete.pk],
        },
        follow=True,
    )
    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert ready.is_published
    assert incomplete.status == Article.Status.DRAFT
    messages = [str(m) for m in response.context["messages"]]
    assert any("summary" in m and incomplete.title in m for m in messages)


def test_withdraw_and_feature_actions(editor_client):
    article = ArticleFactory()
    changelist = admin_url(Article, "changelist")
    editor_client.post(changelist, {"action": "feature_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_featured
    editor_client.post(
        changelist, {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert not Article.objects.published().exists()


# Facet changelists count articles without a query per row


@pytest.mark.parametrize(
    "model_name, make_row",
    [
        ("expert", lambda article: ArticleExpertFactory(article=article).expert),
        ("conference", lambda article: article.conferences.add(ConferenceFactory())),
        ("department", lambda article: article.departments.add(DepartmentFactory())),
        ("source", lambda article: article.source),
    ],
)
def test_facet_changelists_show_counts_in_constant_queries(
    editor_client, django_assert_max_num_queries, model_name, make_row
):
    url = reverse(f"admin:articles_{model_name}_changelist")
    make_row(ArticleFactory())
    with django_assert_max_num_queries(12) as few:
        editor_client.get(url)
    for _ in range(15):
        make_row(ArticleFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url)
    assert 'class="field-article_count">1<' in response.content.decode()


def test_article_changelist_runs_constant_queries(editor_client, django_assert_max_num_queries):
    ArticleFactory(tags=["CAR-T"])
    url = admin_url(Article, "changelist")
    with django_assert_max_num_queries(30) as few:
        editor_client.get(url)
    for _ in range(15):
        ArticleFactory(tags=["CAR-T"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert editor_client.get(url).status_code == 200


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_the_autocomplete_of_a_facet_lists_it_in_order(editor_client):
    for name in ("Radiology", "Cardiology", "Neurology"):
        DepartmentFactory(name=name)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "departments"},
    )
    names = [result["text"] for result in response.json()["results"]]
    assert names == sorted(names) and {"Cardiology", "Neurology", "Radiology"} <= set(names)
