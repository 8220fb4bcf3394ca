"""The search facets: the topics, departments and experts of the best matches, with how many of
them refer to each, and the years they were published in. Which kinds are facets is said by the
registry (articles.facets.SEARCH_FACETS)."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Value

from articles.facets import SEARCH_FACETS

from .query import CONTROL_CHARACTERS

FACET_SIZE = 8
LABEL_CACHE_SECONDS = 3600
YEAR = "year"
# Search parameter → label, in the order the facets are shown.
PARAMETERS = {**{kind.key: kind.label for kind in SEARCH_FACETS}, YEAR: "Year"}
KINDS = {kind.key: kind for kind in SEARCH_FACETS}


@dataclass
class Facet:
    parameter: str
    label: str
    options: list = field(default_factory=list)  # (value, label, count, is_selected)


def clean_filters(raw):
    """Only known facets, one value each, without control characters; a year must be a number."""
    filters = {
        name: CONTROL_CHARACTERS.sub("", str(raw.get(name, ""))).strip()[:200]
        for name in PARAMETERS
    }
    if not re.fullmatch(r"[12][0-9]{3}", filters[YEAR]):
        filters[YEAR] = ""
    return {name: value for name, value in filters.items() if value}


def narrow(articles, filters):
    for name, value in filters.items():
        if name == YEAR:
            articles = articles.filter(published_at__year=int(value))
            continue
        # The facet's id is looked up first: given the id, PostgreSQL knows from its statistics
        # how many articles a popular topic has, and finds the matching articles before checking
        # their topics rather than the other way round. Starting from the facet's link rows
        # avoids joining every article to its topics.
        kind = KINDS[name]
        facet_id = kind.model.objects.filter(slug=value).values_list("pk", flat=True).first()
        links, article_column = kind.links(facet_id)
        articles = articles.filter(pk__in=links.values(article_column))
    return articles


def most_used(facet_keys):
    """{kind: {id: number of articles}} of the rows that the articles with these facet keys
    refer to most: for each kind, the FACET_SIZE most used and any tied with the last of them
    (the facet lists them by name among equals)."""
    best = {kind.key: {} for kind in SEARCH_FACETS}
    cuts = {}
    for key, n in Counter(" ".join(facet_keys).split()).most_common():
        if len(cuts) == len(best) and n < min(cuts.values()):
            break  # most_common() counts down: no later key can make a list
        kind, _, pk = key.partition(":")
        if kind not in best:  # keys of another release's index are left for its rebuild
            continue
        if len(best[kind]) < FACET_SIZE or n == cuts[kind]:
            best[kind][int(pk)] = n
            if len(best[kind]) == FACET_SIZE:
                cuts[kind] = n
    return best


def facets(most, years, filters):
    """The facets of the matches: their rows (`most`, see most_used) and `years` ({year:
    count}), with counts, the selected option marked."""
    labels = option_labels({key: list(uses) for key, uses in most.items()})
    options = {key: best_options(most[key], labels[key]) for key in most}
    options[YEAR] = [(str(year), str(year), years[year]) for year in sorted(years, reverse=True)]
    result = []
    for name, label in PARAMETERS.items():
        selected = filters.get(name)
        choices = [(value, text, n, value == selected) for value, text, n in options[name]]
        if choices:
            result.append(Facet(name, label, choices[:FACET_SIZE]))
    return result


def best_options(uses, labels):
    """[(slug, label, count)] of the FACET_SIZE most used, then by name (`labels`: {id: (slug,
    label, sort key)})."""
    best = sorted(labels, key=lambda pk: (-uses[pk], labels[pk][2], labels[pk][0]))
    return [(*labels[pk][:2], uses[pk]) for pk in best[:FACET_SIZE]]


def label_key(kind, pk):
    """The cache key of one facet row's option label (search/signals.py forgets it when the row
    changes)."""
    return f"search:facet-label:{kind}:{pk}"


def option_labels(ids):
    """{kind: {id: (slug, label, sort key)}} of the rows `ids` ({kind: [id]}).

    Kept in the cache: a results page names two dozen rows, and asking the database for them
    cost a noticeable share of the page (docs/performance.md). Those the cache does not hold
    are read in one query and kept for LABEL_CACHE_SECONDS, or until the row is saved or
    deleted."""
    keys = {label_key(kind, pk): (kind, pk) for kind, pks in ids.items() for pk in pks}
    labels = {kind.key: {} for kind in SEARCH_FACETS}
    for key, label in cache.get_many(keys).items():
        kind, pk = keys.pop(key)
        labels[kind][pk] = tuple(label)
    missing = {kind.key: [] for kind in SEARCH_FACETS}
    for kind, pk in keys.values():
        missing[kind].append(pk)
    found = labels_from_database(missing)
    cache.set_many(
        {label_key(kind, pk): label for kind, rows in found.items() for pk, label in rows.items()},
        LABEL_CACHE_SECONDS,
    )
    for kind, rows in found.items():
        labels[kind].update(rows)
    return labels


def labels_from_database(ids):
    """The same, in one query: the union of one query per kind, each giving the fields its label
    is made of."""
    width = max(len(kind.label_fields) for kind in SEARCH_FACETS)
    queries = [
        kind.model.objects.filter(pk__in=ids[kind.key])
        .order_by()
        .values_list(
            Value(kind.key),
            "pk",
            "slug",
            *kind.label_fields,
            *[Value("")] * (width - len(kind.label_fields)),
        )
        for kind in SEARCH_FACETS
        if ids[kind.key]
    ]
    labels = {kind.key: {} for kind in SEARCH_FACETS}
    if not queries:
        return labels
    for key, pk, slug, *values in queries[0].union(*queries[1:], all=True):
        kind = KINDS[key]
        row = kind.model(**dict(zip(kind.label_fields, values, strict=False)))
        labels[key][pk] = (slug, str(row), getattr(row, kind.sort_field))
    return labels
