import io
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.models import (
    Article,
    ArticleExpert,
    ArticleTopic,
    Conference,
    Department,
    Expert,
    MediaLink,
    Source,
    Topic,
)
from demo import content as demo_content

pytestmark = pytest.mark.django_db

SNAPSHOT_MODELS = [
    Source,
    Department,
    Expert,
    Conference,
    Article,
    Article.departments.through,
    Article.conferences.through,
    ArticleExpert,
    MediaLink,
    Topic,
    ArticleTopic,
]
CAR_T_SLUG = "chinese-car-t-advances-take-centre-stage-in-valencia"


def snapshot():
    """Every concrete field value of every row the demo touches."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }


def demo_articles():
    return Article.objects.filter(slug__in=[item["slug"] for item in demo_content.ARTICLES])


def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    first = snapshot()
    total = len(demo_content.ARTICLES)
    assert f"Articles: {total} created, 0 already present" in capsys.readouterr().out

    call_command("seed_demo")

    assert snapshot() == first
    assert all(first.values())
    assert f"Articles: 0 created, {total} already present" in capsys.readouterr().out


def test_car_t_article_has_all_its_facts():
    call_command("seed_demo")
    article = Article.objects.get(slug=CAR_T_SLUG)

    assert article.is_published and article.is_featured
    assert article.source.name == (
        "The First Affiliated Hospital, Zhejiang University School of Medicine"
    )
    assert article.source.url.startswith("https://")
    assert article.published_at == datetime(2024, 4, 23, 9, 0, tzinfo=UTC)

    role = article.expert_roles.get()
    assert role.role == ArticleExpert.Role.KEYNOTE  # he gave the conference keynote
    assert str(role.expert) == "Prof. HUANG He"
    assert role.expert.department.name == "Bone Marrow Transplantation Center"
    assert list(article.departments.all()) == [role.expert.department]

    conference = article.conferences.get()
    assert conference.full_name == "6th European CAR-T Conference"
    assert conference.place == "Valencia, Spain"
    assert date(2024, 2, 1) <= conference.start_date <= conference.end_date < date(2024, 3, 1)

    tags = set(article.tags.names())
    assert {"CAR-T", "multiple myeloma", "cell therapy"} <= tags
    assert Article.objects.filter(tags__name__contains="骨髓").get() == article

    link = article.media_links.get()
    assert link.kind == MediaLink.Kind.VIDEO_INTERVIEW
    assert link.provider == "The Video Journal of Hematology and Hematological Oncology"
    assert link.url.startswith("https://")


def test_demo_articles_carry_drawn_illustrations_with_renditions_and_alt_text():
    call_command("seed_demo")
    illustrated = demo_articles().exclude(hero_image="")
    assert illustrated.count() == len(demo_content.ILLUSTRATIONS)
    assert Article.objects.published().filter(pk__in=illustrated).count() >= 5
    for article in illustrated:
        assert article.hero_alt.startswith("Illustration: ")
        assert article.hero_credit
        assert default_storage.exists(article.hero_image.name)
        assert article.hero and default_storage.exists(article.hero.social()["name"])
        assert article.hero.largest["width"] == 1600


def test_demo_has_every_editorial_state():
    call_command("seed_demo")
    articles = demo_articles()
    published = Article.objects.published()

    assert articles.filter(status=Article.Status.DRAFT).count() >= 2
    assert articles.filter(status=Article.Status.IN_REVIEW).count() == 1
    assert articles.filter(status=Article.Status.WITHDRAWN).count() == 1
    scheduled = articles.scheduled().get()
    assert scheduled not in published
    assert published.count() == articles.filter(status=Article.Status.PUBLISHED).count() - 1
    assert published.filter(pk__in=articles).count() >= 9
    assert {a.published_at.year for a in published} >= {2024, 2025, 2026}


def test_every_published_demo_article_is_complete():
    call_command("seed_demo")
    for article in demo_articles().filter(status=Article.Status.PUBLISHED):
        assert article.publication_errors() == {}, article.slug
        article.full_clean()


def test_demo_experts_and_conferences_are_valid():
    call_command("seed_demo")
    for model in (Expert, Conference, Department, Source):
        for obj in model.objects.all():
            obj.full_clean()
    assert Expert.objects.exclude(orcid="").count() >= 2
    orders = set(Expert.objects.values_list("name_order", flat=True))
    assert orders == {"family_first", "given_first"}


def test_create_demo_editor_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development only"):
        call_command("create_demo_editor")
    assert not get_user_model().objects.filter(username="editor").exists()


def test_create_demo_editor_creates_a_working_editor(settings, capsys):
    settings.DEBUG = True
    settings.ADMIN_URL = "backstage/"
    settings.SITE_URL = "http://127.0.0.1:8011"  # as `make run PORT=8011` sets it
    call_command("create_demo_editor")

    out = capsys.readouterr().out
    assert "http://127.0.0.1:8011/backstage/" in out
    assert "editor" in out and "newsroom-demo" in out
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and user.is_active
    assert user.check_password("newsroom-demo")
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perm("articles.publish_article")
    assert user.has_perms(["auth.view_user", "auth.add_user", "auth.change_user"])
    assert not user.is_superuser


def test_the_demo_editor_sees_users_in_the_admin(settings, client):
    settings.DEBUG = True
    call_command("create_demo_editor", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="editor"))
    home = client.get("/admin/").content.decode()
    assert 'href="/admin/auth/user/"' in home
    assert client.get("/admin/auth/user/add/").status_code == 200


def test_create_demo_editor_twice_restores_the_account(settings):
    settings.DEBUG = True
    call_command("create_demo_editor")
    user = get_user_model().objects.get(username="editor")
    user.is_staff = False
    user.set_password("something-else-entirely")
    user.save()

    call_command("create_demo_editor")

    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and user.check_password("newsroom-demo")
    assert get_user_model().objects.count() == 1
    assert user.groups.count() == 1
