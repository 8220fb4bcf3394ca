"""The facets of the news: topics, departments, experts and conferences, in one registry.

A facet is something articles refer to that readers browse the news by. Each kind has a
directory, a page per row listing its published articles, feeds in three formats and a sitemap;
some are also search facets, and the search index holds their names. The URL configuration,
views, feeds, sitemaps, search facets and the index's upkeep all iterate `FACETS`: adding a kind
is one entry here, its model (with `FacetQuerySet` as its manager) and its templates.
"""

from dataclasses import dataclass

from django.utils.text import capfirst

from .models import Conference, Department, Expert, Topic


@dataclass(frozen=True)
class FacetKind:
    key: str  # URL names (topic-detail), search parameters (?topic=) and search index keys
    model: type
    path: str  # /topics/, /topics/<slug>/, /feeds/topics/<slug>.rss, /sitemap-topics.xml
    feed_preposition: str  # "News about CAR-T from …"
    # The fields the search index holds of a row: when one changes, its articles are re-indexed.
    indexed_fields: tuple
    # The fields an article's page shows of a row (articles/facts.py).
    shown_fields: tuple = ()
    is_search_facet: bool = False  # the search results can be narrowed by it, with counts
    label_fields: tuple = ("name",)  # what the row's name (its __str__) is made of
    sort_field: str = "name"  # rows named alike are listed in this field's order
    slug_converter: str = "slug"
    per_page: int = 50

    @property
    def label(self):
        return str(capfirst(self.model._meta.verbose_name))

    @property
    def plural_label(self):
        return str(capfirst(self.model._meta.verbose_name_plural))

    def pattern_name(self, view):
        """The name of this kind's `list`, `detail` or `feed` address in articles/urls.py."""
        return f"{self.key}-{view}"

    def url_name(self, view):
        """The same, namespaced, for reverse()."""
        return f"articles:{self.pattern_name(view)}"

    def public_rows(self):
        """The rows at least one published article refers to: only these have pages."""
        return self.model.objects.having_published_articles()

    def links(self, facets):
        """(link rows, their article column) of one row, an id or a list of ids."""
        return self.model.objects.article_links(facets)

    def index_text(self, values):
        """What the search index holds of a row, from the values of its `indexed_fields`."""
        return " ".join(value for value in values if value)


TOPIC = FacetKind(
    key="topic",
    model=Topic,
    path="topics",
    feed_preposition="about",
    indexed_fields=("name",),
    shown_fields=("slug",),
    is_search_facet=True,
    slug_converter="unicode_slug",
    per_page=100,
)
DEPARTMENT = FacetKind(
    key="department",
    model=Department,
    path="departments",
    feed_preposition="from",
    indexed_fields=("name",),
    shown_fields=("slug", "press_contact_id"),
    is_search_facet=True,
)
EXPERT = FacetKind(
    key="expert",
    model=Expert,
    path="experts",
    feed_preposition="with",
    indexed_fields=("honorific", "given_name", "family_name"),
    shown_fields=("name_order", "slug", "position", "department_id"),
    is_search_facet=True,
    label_fields=("honorific", "given_name", "family_name", "name_order"),
    sort_field="family_name",
)
CONFERENCE = FacetKind(
    key="conference",
    model=Conference,
    path="conferences",
    feed_preposition="from",
    indexed_fields=("edition", "name", "city", "country"),
    shown_fields=("start_date", "end_date", "slug"),
    label_fields=("edition", "name"),
)

FACETS = (TOPIC, DEPARTMENT, EXPERT, CONFERENCE)
SEARCH_FACETS = tuple(kind for kind in FACETS if kind.is_search_facet)
