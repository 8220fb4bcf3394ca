"""Every kind of public page is valid HTML for the W3C Nu HTML Checker (vnu.jar from the W3C's
vnu-jar package, which `make test` puts in .venv/vnu, run on the installed Java).
`make validate` runs only this test."""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import loader
from django.utils import timezone

from articles.models import Article
from tests.support.factories import ArticleExpertFactory, JournalistFactory
from tests.support.pages import alert_page_urls, page_urls, preview_page_urls
from tests.support.required_tools import missing_tool

pytestmark = pytest.mark.django_db


ERROR_PAGES = ("500.html", "503.html")
CHECKER = Path(__file__).resolve().parents[2] / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture
def checker():
    """The command that runs the checker."""
    java = shutil.which("java")
    if java is None:
        missing_tool(
            "Java is not installed: the Nu HTML Checker needs it "
            "(`apt-get install default-jre-headless`; .ci/run installs it)."
        )
    if not CHECKER.exists():
        missing_tool(
            f"The Nu HTML Checker is not at {CHECKER}: `make test` (`make install-dev`) puts "
            "it there."
        )
    return [java, "-jar", str(CHECKER)]


def public_pages():
    article = (
        Article.objects.published()
        .filter(conferences__isnull=False, expert_roles__isnull=False)
        .exclude(hero_image="")
        .distinct()
        .first()
    )
    topic = article.tags.first()
    return [
        *page_urls(article, topic.slug, search="myeloma"),
        *alert_page_urls(topic.slug),
        *preview_page_urls(article),
        "/press/register/",
        "/press/login/",
        "/search/?q=nothing-matches-this",
        "/no-such-page/",
    ]


def test_public_pages_have_no_html_errors(client, checker, tmp_path):
    call_command("seed_demo", verbosity=0)
    files = []
    for number, url in enumerate(public_pages()):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        page = tmp_path / f"page-{number}.html"
        page.write_bytes(response.content)
        files.append((page, url))
    for template in ERROR_PAGES:  # rendered as the error handlers do, without a request
        page = tmp_path / template
        page.write_text(loader.get_template(template).render())
        files.append((page, template))
    assert not check(checker, files), "\n".join(check(checker, files))


def check(checker, files):
    """The checker's errors for [(page file, its address)], each naming the address."""
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", "--stdout"]
        + [str(page) for page, _ in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    urls = {page.name: url for page, url in files}
    return [
        f"{urls.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))} "
        f"line {message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] == "error"
    ]


def test_the_press_rooms_pages_have_no_html_errors(client, checker, tmp_path):
    """As an approved journalist sees them: the home, an embargoed story, the access log."""
    user = JournalistFactory().user
    now = timezone.now()
    story = ArticleExpertFactory(
        article__published_at=now + timedelta(days=1), article__press_access_at=now
    ).article
    client.force_login(user)
    files = []
    for number, url in enumerate(
        ["/press/", f"/press/stories/{story.pk}/", "/press/my-access-log/"]
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = tmp_path / f"press-{number}.html"
        page.write_bytes(response.content)
        files.append((page, url))
    errors = check(checker, files)
    assert not errors, "\n".join(errors)
