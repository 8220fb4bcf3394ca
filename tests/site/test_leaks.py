"""The leak suite: nothing that is not public reaches a public address.

One article in each non-public state (draft, in review, withdrawn, scheduled) and an expert, topic,
conference, department and source that only those articles use all carry marker words. Every
address the URL configuration names is then requested with every value it can take (the slugs of
public and hidden objects, the articles' dates, each feed format, pages, searches and filters), and
no marker may appear in any body or header, whatever the status. The addresses come from the URL
configuration itself: a page added later is requested too, or the suite fails and names it.
"""

import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote, urlencode, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.conf import settings
from django.urls import URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from django.utils.html import strip_tags

from alerts import interests
from alerts.models import Subscriber
from alerts.tokens import confirmation_token, subscriber_token
from articles import highlights
from articles.models import Article, ArticleExpert, ArticleFacts, Expert, Highlights, Topic
from articles.sitemaps import SITEMAPS
from desk.models import PreviewLink
from newsroom.views import liveness
from press.models import Journalist
from press.services import revoke, verification_token
from search.models import ArticleSearchDocument
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
    JournalistFactory,
    MediaLinkFactory,
    SourceFactory,
)
from tests.support.surfaces import walk

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
COMMON_WORD = "therapy"  # in every article, public or not: searches and filters start from it

HIDDEN_STATES = ("draft", "review", "withdrawn", "scheduled", "embargoed")
ARTICLE_FIELDS = ("title", "summary", "body", "slug", "byline", "media")
ARTICLE_MARKERS = {
    state: {name: f"zq{state}{name}" for name in ARTICLE_FIELDS} for state in HIDDEN_STATES
}
WITHDRAWN_FORMER_SLUG = "zqwithdrawnformerslug"
FACET_MARKERS = {
    name: f"zq{name}"
    for name in (
        "expertfamily",
        "expertgiven",
        "expertslug",
        "expertposition",
        "expertaffiliation",
        "expertbio",
        "topicname",
        "topicslug",
        "conferencename",
        "conferencecity",
        "conferenceslug",
        "departmentname",
        "departmentslug",
        "departmentdescription",
        "sourcename",
    )
}
MARKERS = sorted(
    {
        *(word for fields in ARTICLE_MARKERS.values() for word in fields.values()),
        WITHDRAWN_FORMER_SLUG,
        *FACET_MARKERS.values(),
    }
)

ALLOWED_STATUSES = {200, 301, 302, 404, 410}
HIDDEN_STATUSES = {404, 410}

# Patterns deliberately not requested. Everything else the URL configuration holds is.
EXCLUDED = {
    "admin": "the Django admin under settings.ADMIN_URL: staff only, behind a login",
    "articles:article-preview": "the staff preview shows unpublished work on purpose, to staff who "
    "may edit it; that anyone else gets 404 is tested in tests/test_lifecycle.py",
    "media": "uploaded files, served by Django only with DEBUG on",
    "favicon": "a redirect to the logo among the static files; it shows nothing of the news",
}
# Every public pattern the URL configuration holds today. A new one fails this count until its
# addresses are checked here (most are filled automatically; see `kwarg_values`).
EXPECTED_PUBLIC_PATTERNS = 46
# The press room past its sign-in: a stranger is sent to the sign-in (302), never shown a page;
# signing out is a POST (a GET is 405); a private feed whose key is not a journalist's (revoked,
# or never given) is 404. What a journalist sees is tests/press/.
SIGN_IN_FIRST = {
    "press:home": {302},
    "press:story": {302},
    "press:story-image": {302},
    "press:story-copy": {302},
    "press:access-log": {302},
    "press:logout": {405},
    "press:feed": {404},
}
PRESS_STORY_PAGES = ("press:story", "press:story-image", "press:story-copy")
PRESS_FORMATS = {"press:story-copy": ("txt", "html"), "press:feed": ("rss", "atom")}

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://testserver"


# The newsroom


@dataclass
class Newsroom:
    """What the addresses are filled from: slugs by kind (each with whether it is hidden), dates."""

    slugs: dict = field(default_factory=dict)
    dates: list = field(default_factory=list)
    public_articles: list = field(default_factory=list)
    hidden: dict = field(default_factory=dict)
    probes: list = field(default_factory=list)
    tokens: dict = field(default_factory=dict)  # by pattern name: the signed links of alerts

    @property
    def public_paths(self):
        return {article.get_absolute_url() for article in self.public_articles}


@pytest.fixture
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def add_relations(article, *, experts=(), conferences=(), departments=(), tags=()):
    for order, (expert, role) in enumerate(experts):
        ArticleExpertFactory(article=article, expert=expert, role=role, order=order)
    article.conferences.add(*conferences)
    article.departments.add(*departments)
    article.tags.add(*tags)
    return article


@pytest.fixture
def newsroom(frozen_clock, committed):
    """Five public articles, and one hidden article in each state dated right next to them,
    committed as far as the search index is concerned."""
    with committed():
        world = build_newsroom()
    # Every article, hidden or not, is in the search index and has its read model: search and
    # the pages must leave the hidden ones out by the visibility rule, not because they were
    # never indexed or built.
    assert ArticleSearchDocument.objects.count() == Article.objects.count()
    assert ArticleFacts.objects.count() == Article.objects.count()
    return world


def build_newsroom():
    """Five public articles, and one hidden article in each state dated right next to them.

    The hidden articles share every public topic, expert, conference and department, so related
    boxes, previous/next links, facet pages and counts are all tempted to show them, and they also
    use an expert, topic, conference, department and source of their own.
    """
    Role = ArticleExpert.Role
    source = SourceFactory(name="Riverside University Hospital")
    hematology = DepartmentFactory(name="Hematology", slug="hematology")
    cardiology = DepartmentFactory(name="Cardiology", slug="cardiology")
    huang = ExpertFactory(
        honorific="Prof.",
        family_name="Huang",
        given_name="He",
        name_order=Expert.NameOrder.FAMILY_FIRST,
        slug="huang-he",
        department=hematology,
    )
    okafor = ExpertFactory(
        family_name="Okafor", given_name="Amara", slug="amara-okafor", department=cardiology
    )
    congress = ConferenceFactory(
        name="European CAR-T Conference",
        edition="6th",
        city="Valencia",
        country="Spain",
        start_date=date(2024, 2, 7),
        end_date=date(2024, 2, 9),
        slug="european-car-t-conference-2024",
    )
    car_t = Topic.objects.create(name="CAR-T", slug="car-t")
    myeloma = Topic.objects.create(name="Multiple myeloma", slug="multiple-myeloma")
    heart = Topic.objects.create(name="Heart failure", slug="heart-failure")

    def public(title, when, featured=False, **relations):
        article = ArticleFactory(
            title=title,
            summary=f"{title}: what it means for patients.",
            body=f"<p>{title}. A new {COMMON_WORD} for patients.</p>",
            source=source,
            published_at=when,
            is_featured=featured,
        )
        return add_relations(article, **relations)

    public_articles = [
        public(
            "CAR-T cells reach the clinic",
            datetime(2024, 1, 10, 9, tzinfo=UTC),
            experts=[(huang, Role.SPEAKER)],
            conferences=[congress],
            departments=[hematology],
            tags=[car_t],
        ),
        public(
            "Myeloma patients gain a new option",
            datetime(2024, 3, 5, 9, tzinfo=UTC),
            experts=[(huang, Role.QUOTED)],
            departments=[hematology],
            tags=[car_t, myeloma],
        ),
        public(
            "Heart failure clinic opens",
            datetime(2025, 5, 20, 9, tzinfo=UTC),
            experts=[(okafor, Role.INTERVIEWED)],
            departments=[cardiology],
            tags=[heart],
        ),
        public(
            "Two years of CAR-T at the hospital",
            datetime(2025, 5, 30, 9, tzinfo=UTC),
            experts=[(huang, Role.AUTHOR), (okafor, Role.QUOTED)],
            conferences=[congress],
            departments=[hematology, cardiology],
            tags=[car_t],
        ),
        public(
            "Lymphoma trial opens to patients",
            datetime(2025, 6, 1, 8, tzinfo=UTC),
            featured=True,
            experts=[(huang, Role.QUOTED)],
            conferences=[congress],
            departments=[hematology],
            tags=[car_t, myeloma],
        ),
    ]
    # A public article's former address redirects: a 301 among the answers.
    renamed = public_articles[1]
    former_public_slug = renamed.slug
    renamed.slug = "myeloma-patients-new-option"
    renamed.save()

    m = FACET_MARKERS
    hidden_source = SourceFactory(name=f"{m['sourcename'].title()} Institute")
    hidden_department = DepartmentFactory(
        name=f"{m['departmentname'].title()} Unit",
        slug=m["departmentslug"],
        description=f"The {m['departmentdescription']} unit.",
    )
    # In a public department: its page and the expert directory's filter are tempted to list them.
    hidden_expert = ExpertFactory(
        family_name=m["expertfamily"].title(),
        given_name=m["expertgiven"].title(),
        slug=m["expertslug"],
        position=m["expertposition"].title(),
        affiliation=m["expertaffiliation"].title(),
        bio=f"Works on {m['expertbio']}.",
        department=hematology,
    )
    hidden_conference = ConferenceFactory(
        name=f"{m['conferencename'].title()} Congress",
        city=m["conferencecity"].title(),
        country="Portugal",
        start_date=date(2025, 9, 10),
        end_date=date(2025, 9, 12),
        slug=m["conferenceslug"],
    )
    hidden_topic = Topic.objects.create(name=m["topicname"].title(), slug=m["topicslug"])

    def hidden(state, when, **fields):
        words = ARTICLE_MARKERS[state]
        article = ArticleFactory(
            title=f"{words['title'].title()}: CAR-T {COMMON_WORD} results",
            slug=fields.pop("slug", words["slug"]),
            summary=f"Early {words['summary']} findings in multiple myeloma.",
            body=f"<p>The {words['body']} {COMMON_WORD} study, with Prof. Huang.</p>",
            byline=f"{words['byline'].title()} Desk",
            source=hidden_source,
            published_at=when,
            is_featured=True,
            **fields,
        )
        MediaLinkFactory(article=article, title=f"{words['media'].title()} interview")
        return add_relations(
            article,
            experts=[(hidden_expert, Role.AUTHOR), (huang, Role.QUOTED), (okafor, Role.QUOTED)],
            conferences=[congress, hidden_conference],
            departments=[hematology, cardiology, hidden_department],
            tags=[car_t, myeloma, hidden_topic],
        )

    # Dated between public articles (previous/next), in months of their own (archives), inside
    # the news sitemap's two days, and a moment in the future.
    hidden_articles = {
        "review": hidden("review", datetime(2024, 2, 15, 9, tzinfo=UTC), in_review=True),
        "draft": hidden("draft", datetime(2025, 5, 26, 9, tzinfo=UTC), draft=True),
        "withdrawn": hidden(
            "withdrawn", datetime(2025, 5, 31, 20, tzinfo=UTC), slug=WITHDRAWN_FORMER_SLUG
        ),
        # Embargoed too, but its press access time has not come: open to nobody yet.
        "scheduled": hidden(
            "scheduled", NOW + timedelta(hours=1), press_access_at=NOW + timedelta(minutes=30)
        ),
        # Open to approved journalists in the press room since an hour, public in two.
        "embargoed": hidden(
            "embargoed", NOW + timedelta(hours=2), press_access_at=NOW - timedelta(hours=1)
        ),
    }
    # Public once, renamed (its former address is kept), then withdrawn: a 410 twice over.
    withdrawn = hidden_articles["withdrawn"]
    withdrawn.slug = ARTICLE_MARKERS["withdrawn"]["slug"]
    withdrawn.save()
    withdrawn.status = Article.Status.WITHDRAWN
    withdrawn.save()

    assert list(Article.objects.published()) == public_articles[::-1]
    assert all(a.published_at for a in hidden_articles.values())

    hidden_filters = {
        "topic": m["topicslug"],
        "department": m["departmentslug"],
        "expert": m["expertslug"],
        "conference": m["conferenceslug"],
        "letter": m["expertfamily"][0].upper(),
    }
    probes = [{"page": "1"}, {"page": "2"}, {"q": COMMON_WORD}]
    probes += [{"q": word} for word in MARKERS]
    for name, value in hidden_filters.items():
        probes += [{name: value}, {"q": COMMON_WORD, name: value}]
    probes += [{"q": COMMON_WORD, "year": str(year)} for year in (2024, 2025)]

    def slugs(public_values, hidden_values):
        return [(slug, False) for slug in public_values] + [(slug, True) for slug in hidden_values]

    return Newsroom(
        slugs={
            "article": slugs(
                [a.slug for a in public_articles] + [former_public_slug],
                [a.slug for a in hidden_articles.values()] + [WITHDRAWN_FORMER_SLUG],
            ),
            "expert": slugs([huang.slug, okafor.slug], [hidden_expert.slug]),
            "conference": slugs([congress.slug], [hidden_conference.slug]),
            "department": slugs([hematology.slug, cardiology.slug], [hidden_department.slug]),
            "topic": slugs([car_t.slug, myeloma.slug, heart.slug], [hidden_topic.slug]),
        },
        dates=[a.published_at for a in [*public_articles, *hidden_articles.values()]],
        public_articles=public_articles,
        hidden=hidden_articles,
        probes=probes,
        tokens={
            **alert_tokens(
                public=[car_t, huang, congress, hematology],
                hidden=[hidden_topic, hidden_expert, hidden_conference, hidden_department],
            ),
            "desk:shared-preview": preview_tokens(public_articles[0], hidden_articles),
            "press:verify": press_tokens(),
            "press:feed": revoked_feed_keys(),
        },
    )


def press_tokens():
    """A journalist's own verification link, and one that was never sent (altered)."""
    journalist = JournalistFactory(status=Journalist.Status.UNVERIFIED)
    return [(verification_token(journalist), False), ("eyJqIjoxfQ:forged:signature", True)]


def revoked_feed_keys():
    """A revoked journalist's feed key, before and after the revocation replaced it, and a key
    nobody was given: each answers 404, the embargoed story in none."""
    journalist = JournalistFactory()
    before = journalist.feed_key
    revoke(journalist, None)
    return [(before, False), (journalist.feed_key, False), ("never-given-key", False)]


def preview_tokens(public_article, hidden_articles):
    """Share links that must show nothing: expired, revoked, forged, a withdrawn story's; a
    public story's, which leads to its public page; and a live link of a draft without marker
    words (a live link shows its own draft by design, tests/desk/test_preview_links.py), whose
    page must not bring any other hidden story along (related news, previous and next)."""
    expired = PreviewLink.create_for(hidden_articles["draft"], None, days=1)
    expired.expires_at = NOW - timedelta(seconds=1)
    expired.save()
    revoked = PreviewLink.create_for(hidden_articles["review"], None)
    revoked.revoke(None)
    withdrawn = PreviewLink.create_for(hidden_articles["withdrawn"], None)
    forged = PreviewLink(pk=PreviewLink.create_for(hidden_articles["scheduled"], None).pk)
    public = PreviewLink.create_for(public_article, None)
    shared = ArticleFactory(
        draft=True,
        title="Draft for approval",
        body=f"<p>A {COMMON_WORD} story its expert is asked to approve.</p>",
        source=public_article.source,
    )
    add_relations(shared, tags=list(public_article.tags.all()))
    live = PreviewLink.create_for(shared, None)
    hidden_links = (expired, revoked, withdrawn, forged)
    return [(link.token, True) for link in hidden_links] + [
        (public.token, False),
        (live.token, False),
    ]


def alert_tokens(public, hidden):
    """The signed links of alert emails, for an address that asked for public and hidden rows
    alike (a topic whose only story was since withdrawn): their pages name the public ones only."""
    choices = [interests.EVERYTHING]
    for row in [*public, *hidden]:
        kind = next(k for k in interests.KINDS.values() if isinstance(row, k.model))
        choices.append(f"{kind.key}:{row.pk}")
    subscriber = Subscriber.objects.create(email="reader@example.org", confirmed_at=NOW)
    interests.follow(subscriber, choices)
    confirm = confirmation_token("reader@example.org", choices, "immediately")
    link = subscriber_token(subscriber)
    return {
        "alerts:confirm": [(confirm, False)],
        **{f"alerts:{name}": [(link, False)] for name in ("preferences", "forget", "unsubscribe")},
    }


# Surfaces: what the URL configuration serves


def public_surfaces(resolver=None):
    """Every pattern of the URL configuration, but the ones EXCLUDED (each with its reason)."""
    surfaces = []
    for name, surface in walk((resolver or get_resolver()).url_patterns):
        if name in EXCLUDED:
            continue
        surfaces.append(surface)
    return surfaces


def kwarg_values(surface, kwarg, newsroom):
    """The values to put in one kwarg of `surface`, each with whether it names a hidden object.

    None when the suite does not know what the kwarg means: a new kind of page to teach it.
    """
    if kwarg == "slug":
        return newsroom.slugs.get(surface.kind)
    if kwarg == "format" and surface.name not in PRESS_FORMATS:
        # Every alternative the converter accepts, e.g. "rss|atom|json".
        alternatives = getattr(surface.converters.get(kwarg), "regex", "")
        if re.fullmatch(r"\w+(\|\w+)*", alternatives):
            return [(value, False) for value in alternatives.split("|")]
        return None
    if kwarg == "token":
        return newsroom.tokens.get(surface.name)
    if kwarg == "section" and surface.name == "sitemap-section":
        return [(section, False) for section in SITEMAPS]
    if kwarg == "format" and surface.name in PRESS_FORMATS:
        return [(value, False) for value in PRESS_FORMATS[surface.name]]
    if kwarg == "key" and surface.name == "press:feed":
        return newsroom.tokens.get(surface.name)
    if kwarg == "pk" and surface.name in PRESS_STORY_PAGES:
        # Every story, hidden or not: a stranger gets the sign-in whatever the number.
        return [(article.pk, False) for article in Article.objects.all()]
    return None


DATE_KWARGS = ("year", "month", "day")


def fillings(surface, newsroom):
    """Every kwargs dict `surface` is requested with, and whether it names a hidden object."""
    if not surface.name:
        raise AssertionError(
            f"{surface}: a new public URL without a name; the leak suite cannot fill it: name it"
        )
    choices = []
    date_parts = [kwarg for kwarg in DATE_KWARGS if kwarg in surface.kwargs]
    if date_parts:
        # Year, month and day come together, from the dates of public and hidden articles.
        fields = {"year": "%Y", "month": "%m", "day": "%d"}
        dates = [timezone.localtime(moment) for moment in newsroom.dates]
        combos = sorted({tuple(d.strftime(fields[p]) for p in date_parts) for d in dates})
        choices.append([(dict(zip(date_parts, combo, strict=True)), False) for combo in combos])
    for kwarg in surface.kwargs:
        if kwarg in date_parts:
            continue
        values = kwarg_values(surface, kwarg, newsroom)
        if values is None:
            raise AssertionError(
                f"{surface}: a new public URL the leak suite cannot fill: add it "
                f"(it does not know what to put in <{kwarg}>)"
            )
        choices.append([({kwarg: value}, is_hidden) for value, is_hidden in values])
    for combo in itertools.product(*choices):
        kwargs = {}
        for part, _ in combo:
            kwargs.update(part)
        yield kwargs, any(is_hidden for _, is_hidden in combo)


def addresses(surface, newsroom):
    """(URL, hidden) pairs. Pages that take no object are also probed with every query the public
    site reads: pages, searches for each marker, and filters on the hidden facets."""
    for kwargs, is_hidden in fillings(surface, newsroom):
        url = reverse(surface.name, kwargs=kwargs)
        yield url, is_hidden
        if is_hidden:
            continue
        takes_object = set(kwargs) - {"format"}
        for query in [{"page": "2"}] if takes_object else newsroom.probes:
            yield f"{url}?{urlencode(query)}", False


# Crawling


class Crawl:
    """Requests addresses once each and records what is wrong with their answers."""

    def __init__(self, client, newsroom):
        self.client = client
        self.newsroom = newsroom
        self.statuses = {}
        self.problems = []
        self.linked = []  # (path, where it was linked from): must answer 200
        self.unseen_titles = {article.title.lower() for article in newsroom.public_articles}

    def get(self, url, expected=ALLOWED_STATUSES):
        if url not in self.statuses:
            try:
                response = self.client.get(url)
            except Exception as error:  # a server error: name the address, go on with the others
                self.statuses[url] = 500
                self.problems.append(f"{url}: raised {error!r}")
                return 500
            self.statuses[url] = response.status_code
            self.inspect(url, response)
        if self.statuses[url] not in expected:
            self.problems.append(f"{url}: answered {self.statuses[url]}, expected {expected}")
        return self.statuses[url]

    def inspect(self, url, response):
        body = response.content.decode("utf-8", "replace")
        headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
        text = f"{body}\n{headers}".lower()
        # A page may repeat what was asked (the search box, the filter): not a leak.
        asked = unquote(url).lower()
        leaked = [word for word in MARKERS if word in text and word not in asked]
        if leaked:
            self.problems.append(f"{url} ({response.status_code}) shows {', '.join(leaked)}")
        if response.status_code != 200:
            return
        self.unseen_titles = {title for title in self.unseen_titles if title not in text}
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            self.check_structured_data(url, body)
        elif content_type.startswith(FEED_TYPES):
            self.check_feed(url, response, content_type)
        elif content_type.startswith("application/xml"):
            self.follow_sitemap(url, response)

    def check_structured_data(self, url, body):
        for block in JSON_LD.findall(body):
            try:
                data = json.loads(block)
            except ValueError:
                self.problems.append(f"{url}: JSON-LD that does not parse")
                continue
            self.linked += [(link, url) for link in internal_links(data)]

    def check_feed(self, url, response, content_type):
        if content_type.startswith("application/feed+json"):
            links = [item["url"] for item in json.loads(response.content)["items"]]
        else:
            links = [entry.link for entry in feedparser.parse(response.content).entries]
        for link in links:
            if urlsplit(link).path not in self.newsroom.public_paths:
                self.problems.append(f"{url}: an item links to {link}, not a public article")

    def follow_sitemap(self, url, response):
        root = ElementTree.fromstring(response.content)
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            parts = urlsplit(loc.text)
            self.linked.append((parts.path + (f"?{parts.query}" if parts.query else ""), url))

    def follow_links(self):
        """Every address a sitemap, feed or JSON-LD names must be a public page (200)."""
        while self.linked:
            link, source = self.linked.pop()
            if self.get(link) != 200:
                self.problems.append(f"{source} names {link}, which is not a public page")


def internal_links(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from internal_links(value)
    elif isinstance(data, list):
        for value in data:
            yield from internal_links(value)
    elif isinstance(data, str) and data.startswith(f"{SITE}/"):
        link = data.removeprefix(SITE)
        if not link.startswith(settings.STATIC_URL):
            yield link


# Tests


def test_markers_are_distinct_words():
    assert len(MARKERS) == len(set(MARKERS))
    for word in MARKERS:
        assert not [other for other in MARKERS if other != word and word in other], word


def test_the_url_configuration_is_walked_whole():
    names = [surface.name for surface in public_surfaces()]
    excluded = {name for name, _ in walk(get_resolver().url_patterns)} & set(EXCLUDED)
    assert "admin" in excluded and "articles:article-preview" in excluded
    assert len(names) == len(set(names)) == EXPECTED_PUBLIC_PATTERNS, sorted(names)
    assert {"articles:article-detail", "search:results", "sitemap-section"} <= set(names)


def test_no_public_address_shows_what_is_not_public(client, newsroom):
    # The home page reads its side lists from their kept document (articles/highlights.py).
    assert Highlights.objects.filter(name=highlights.HOME).exists()
    crawl_every_public_address(client, newsroom)


def test_a_read_model_naming_hidden_stories_brings_none_of_them_along(client, newsroom):
    """Article pages read their facts from the read model (articles/facts.py). Documents that
    name hidden stories as related news — built while one was public, or by a fault — still
    show none of them: the cards are read through `published()`."""
    hidden_ids = [article.pk for article in newsroom.hidden.values()]
    documents = ArticleFacts.objects.filter(article__in=newsroom.public_articles)
    assert documents.count() == len(newsroom.public_articles)
    for document in documents:
        document.data["related"] = [*hidden_ids, *document.data["related"]]
        document.save()
    crawl_every_public_address(client, newsroom)


def crawl_every_public_address(client, newsroom):
    crawl = Crawl(client, newsroom)
    answered = {}
    for surface in public_surfaces():
        for url, is_hidden in addresses(surface, newsroom):
            expected = HIDDEN_STATUSES if is_hidden else ALLOWED_STATUSES
            status = crawl.get(url, SIGN_IN_FIRST.get(surface.name, expected))
            answered.setdefault(surface.name, set()).add(status)
    crawl.follow_links()

    print(f"{len(crawl.statuses)} addresses requested:")
    for url, status in crawl.statuses.items():
        print(f"  {status} {url}")
    assert not crawl.problems, "\n".join(crawl.problems)
    assert len(answered) == EXPECTED_PUBLIC_PATTERNS
    # Not a vacuous pass: each pattern showed real content, and every public article was seen;
    # the press room's inner pages showed a stranger nothing but the way to its sign-in.
    open_patterns = {name: got for name, got in answered.items() if name not in SIGN_IN_FIRST}
    assert [name for name, statuses in open_patterns.items() if 200 not in statuses] == []
    assert {name: answered[name] for name in SIGN_IN_FIRST} == SIGN_IN_FIRST
    assert crawl.unseen_titles == set()
    # The hidden articles' own addresses: withdrawn after being public is 410, the others 404.
    for state, article in newsroom.hidden.items():
        expected = 410 if state == "withdrawn" else 404
        assert crawl.statuses[article.get_absolute_url()] == expected, state
    assert crawl.statuses[f"/news/{WITHDRAWN_FORMER_SLUG}/"] == 410


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(strip_tags(response.content.decode()).split())


def test_counts_are_of_public_articles_only(client, newsroom):
    """Every hidden article shares the public topics, experts and departments: counts must not
    include them (a topic's count would double)."""
    for slug, count in (("car-t", 4), ("multiple-myeloma", 2), ("heart-failure", 1)):
        topic = page_text(client, reverse("articles:topic-detail", kwargs={"slug": slug}))
        assert f"{count} published item" in topic, slug

    found = page_text(client, f"{reverse('search:results')}?q={COMMON_WORD}")
    assert f"5 articles for “{COMMON_WORD}”" in found
    for facet in (
        "CAR-T (4)",
        "Multiple myeloma (2)",
        "Hematology (4)",
        "Cardiology (2)",
        "Prof. HUANG He (4)",
        "Dr. Amara Okafor (2)",
        "2025 (3)",
        "2024 (2)",
    ):
        assert facet in found

    feed = json.loads(client.get(reverse("articles:news-feed", args=["json"])).content)
    assert len(feed["items"]) == 5
    huang = client.get(reverse("articles:expert-feed", args=["huang-he", "json"]))
    assert len(json.loads(huang.content)["items"]) == 4


def test_archives_and_neighbours_skip_hidden_articles(client, newsroom):
    """No month appears for a hidden article alone, and previous/next step over hidden ones."""
    months_2024 = client.get(reverse("articles:archive-year", args=[2024])).content.decode()
    assert set(re.findall(r'href="/news/2024/(\d\d)/"', months_2024)) == {"01", "03"}
    january = client.get(reverse("articles:archive-month", args=[2024, 1])).content.decode()
    assert 'rel="next" href="/news/2024/03/"' in january
    assert client.get(reverse("articles:archive-month", args=[2024, 2])).status_code == 404
    june = client.get(reverse("articles:archive-month", args=[2025, 6])).content.decode()
    assert 'rel="next"' not in june  # the scheduled article's month is this one, and it is hidden

    first, second, third, fourth, latest = newsroom.public_articles
    page = client.get(fourth.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{third.get_absolute_url()}"' in page
    assert f'rel="next" href="{latest.get_absolute_url()}"' in page
    assert 'rel="next"' not in client.get(latest.get_absolute_url()).content.decode()
    page = client.get(first.get_absolute_url()).content.decode()
    assert f'rel="next" href="{second.get_absolute_url()}"' in page


@pytest.mark.parametrize(
    "pattern, message",
    [
        (path("awards/<slug:slug>/", liveness, name="award-detail"), "award-detail"),
        (path("news/<int:year>/week/<int:week>/", liveness, name="archive-week"), "<week>"),
        (path("partners/", liveness), "without a name"),
    ],
)
def test_a_new_address_the_suite_cannot_fill_fails_it(pattern, message):
    class ExtendedURLConf:
        urlpatterns = [*get_resolver().url_patterns, pattern]

    known = {surface.route for surface in public_surfaces()}
    surfaces = public_surfaces(URLResolver(RegexPattern(r"^/"), ExtendedURLConf))
    [added] = [surface for surface in surfaces if surface.route not in known]
    with pytest.raises(AssertionError, match=re.escape(message)):
        list(fillings(added, Newsroom(slugs={"article": [("a-story", False)]})))
