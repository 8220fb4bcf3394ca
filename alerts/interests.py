"""What a subscriber follows, as choices ("all", "topic:12", "expert:3"…), and which
subscribers an article concerns. Every facet kind of the registry can be followed: the
subscriber's field for a kind is named by the kind's path (topics, experts…)."""

from django.db.models import Q

from articles.facets import FACETS

from .models import Subscriber

EVERYTHING = "all"
KINDS = {kind.key: kind for kind in FACETS}


def field_of(kind):
    return Subscriber._meta.get_field(kind.path)


def parse(choice):
    """(kind, id) of a choice, or None for "all"; ValueError for anything else."""
    if choice == EVERYTHING:
        return None
    key, _, pk = choice.partition(":")
    if key not in KINDS or not pk.isdigit():
        raise ValueError(choice)
    return KINDS[key], int(pk)


def public_choices(choices):
    """The choices that name the whole newsroom or a public facet row, with their labels, in
    the order given; anything else (a row nobody may see, a made-up value) is left out."""
    wanted = {}
    for choice in choices:
        try:
            parsed = parse(choice)
        except ValueError:
            continue
        wanted.setdefault(parsed[0] if parsed else None, []).append(parsed[1] if parsed else None)
    labels = {}
    if None in wanted:
        labels[EVERYTHING] = "All news from the newsroom"
    for kind, ids in wanted.items():
        if kind is None:
            continue
        for row in kind.public_rows().filter(pk__in=ids):
            labels[f"{kind.key}:{row.pk}"] = f"{kind.label}: {row}"
    return {choice: labels[choice] for choice in choices if choice in labels}


def choices_of(subscriber):
    """What the subscriber follows now, with labels, but rows no longer public (a topic whose
    only story was withdrawn): their names are not the public's to see, even on this page."""
    return public_choices(sorted(followed(subscriber)))


def followed(subscriber):
    """Every choice the subscriber follows, public or not (read from its prefetched rows)."""
    choices = {EVERYTHING} if subscriber.everything else set()
    for kind in FACETS:
        choices |= {f"{kind.key}:{pk}" for pk in ids_followed(subscriber, kind)}
    return choices


def ids_followed(subscriber, kind):
    return [row.pk for row in getattr(subscriber, kind.path).all()]


def follow(subscriber, choices):
    """Add `choices` to what the subscriber follows."""
    by_kind = {}
    for choice in choices:
        parsed = parse(choice)
        if parsed is None:
            subscriber.everything = True
        else:
            by_kind.setdefault(parsed[0], []).append(parsed[1])
    subscriber.save()
    for kind, ids in by_kind.items():
        getattr(subscriber, kind.path).add(*ids)


def keep_only(subscriber, choices):
    """What the subscriber follows becomes `choices`, plus the rows it follows that are not
    public now (not shown, so not unticked: they count again when they are public again)."""
    parsed = [parse(choice) for choice in choices]
    shown = choices_of(subscriber)
    subscriber.everything = None in parsed
    subscriber.save()
    for kind in FACETS:
        hidden = [pk for pk in ids_followed(subscriber, kind) if f"{kind.key}:{pk}" not in shown]
        chosen = [item[1] for item in parsed if item and item[0] is kind]
        getattr(subscriber, kind.path).set([*chosen, *hidden])


def concerned_by(article):
    """Subscribers following the whole newsroom or anything the article refers to: one query,
    whatever the number of subscribers."""
    wanted = Q(everything=True)
    for kind in FACETS:
        through = field_of(kind).remote_field.through
        column = f"{kind.model._meta.model_name}_id"
        rows = kind.model.objects.filter(articles=article).values("pk")
        wanted |= Q(
            pk__in=through.objects.filter(**{f"{column}__in": rows}).values("subscriber_id")
        )
    return Subscriber.objects.receiving().filter(wanted)


def follows(subscriber_choices, article_choices):
    """Whether a subscriber (its choices) follows an article (the choices naming it)."""
    return EVERYTHING in subscriber_choices or bool(subscriber_choices & article_choices)
