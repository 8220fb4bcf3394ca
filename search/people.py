"""The People and Events of a search: experts and conferences of published news whose names hold
every word typed, whether or not their articles are among the best matches kept, and names to
suggest for a query that found nothing."""

import difflib
from functools import reduce
from operator import and_, or_

from django.db.models import Q

from articles.models import Conference, Expert, Topic

# What People and Events show of each expert and conference.
PEOPLE_FIELDS = (
    "slug", "honorific", "given_name", "family_name", "name_order", "position",
    "department__name", "department__slug",
)  # fmt: skip
EVENT_FIELDS = ("slug", "name", "edition", "city", "country", "start_date", "end_date")


def every_word_in(fields, query):
    """Each word of `query` appears in one of `fields`, case aside."""
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields))
            for word in query.words
        ),
        Q(),
    )


def matching_people(query, limit=5):
    found = named(Expert, ("family_name", "given_name"), query)
    experts = Expert.objects.select_related("department").only(*PEOPLE_FIELDS)
    return public_among(experts, found, limit)


def matching_events(query, limit=5):
    found = named(Conference, ("name", "edition", "city", "country"), query)
    return public_among(Conference.objects.only(*EVENT_FIELDS), found, limit)


def named(model, fields, query):
    """The ids of the rows of `model` whose `fields` hold every word of `query`."""
    return list(model.objects.filter(every_word_in(fields, query)).values_list("pk", flat=True))


def public_among(rows, ids, limit):
    """The first `limit` of `rows` among `ids` that a published article refers to, in their
    usual order. Most queries name nobody: the check, and its query, is made only for those who
    are named."""
    if not ids:
        return []
    return list(rows.filter(pk__in=ids).having_published_articles()[:limit])


def suggestions(query, limit=3):
    """Close topic or expert names for a query that found nothing (a typo, usually)."""
    if not query.has_words:
        return []
    names = list(Topic.objects.having_published_articles().values_list("name", flat=True))
    experts = Expert.objects.having_published_articles().values_list("given_name", "family_name")
    for given_name, family_name in experts:
        names += [f"{given_name} {family_name}".strip(), family_name]
    by_lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(query.text.lower(), by_lower, n=limit, cutoff=0.7)
    return [by_lower[name] for name in close]
