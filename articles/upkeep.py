"""Which articles a change touched, and what is rebuilt from them when it commits.

Two things are kept from the articles and the names they refer to: the read model of the
public pages (articles/facts.py) and, in search/, the search documents. Each registers here
(`keep`, with what it depends on); the receivers below only note which articles a change
touched, for the keepers it concerns, and when the transaction commits each rebuild runs once
with all of them (one admin save writes the article, its topics, experts and departments: one
rebuild). A facet's articles are touched only for the keepers holding a field that changed (a
name, not a bio or a photo).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from threading import local

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .facets import DEPARTMENT, FACETS
from .models import Article, ArticleExpert, PressContact

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Keeper:
    """Something kept from the articles: what it is rebuilt with, and what it depends on."""

    rebuild: Callable  # rebuild(ids)
    # The article's own fields it holds: a save naming none of them (update_fields) is not a
    # change to it; a save without update_fields always is.
    article_fields: frozenset
    # The fields of a facet's row it holds or shows, by kind: a change to another field (a
    # bio, a photo) does not touch the row's articles.
    facet_fields: Callable  # facet_fields(kind) -> fields
    # Whether it shows an expert's department beside them, and departments' press contacts.
    shows_departments_of_experts: bool = False
    shows_press_contacts: bool = False


def shown_on_pages(kind):
    """Every field of a facet's row that a public page shows or searches by: what the kept
    documents of the pages depend on (`Keeper.facet_fields`)."""
    return (*kind.indexed_fields, *kind.shown_fields)


_pending = local()
_keepers = []


def keep(keeper):
    """Have `keeper.rebuild(ids)` run with the ids of the articles each committed change that
    concerns it touched."""
    if all(known.rebuild is not keeper.rebuild for known in _keepers):
        _keepers.append(keeper)


def touched(ids, keepers=None):
    """Note articles whose documents (those of `keepers`, all by default) are out of date;
    they are rebuilt when the transaction commits (at once outside a transaction).

    Each call asks for the rebuild: after a rollback, the ids noted are rebuilt with the next
    transaction's, and the callbacks that find nothing left to do cost nothing."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = {}
    for keeper in _keepers if keepers is None else keepers:
        pending.setdefault(keeper.rebuild, set()).update(ids)
    transaction.on_commit(rebuild_touched)


def forget_pending():
    """Drop what was noted and not rebuilt (tests whose transactions were rolled back)."""
    _pending.ids = None


def rebuild_touched():
    pending, _pending.ids = getattr(_pending, "ids", None), None
    for rebuild, ids in (pending or {}).items():
        # The change itself is committed by now: a failed rebuild is logged, not raised, and
        # does not keep the others from running.
        try:
            rebuild(ids)
        except Exception:
            logger.exception("Rebuilding %s for %d articles failed", rebuild.__qualname__, len(ids))


def linked_article_ids(kind, facet):
    links, article_column = kind.links(facet)
    return links.values_list(article_column, flat=True)


def article_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None:
        touched([instance.pk])
        return
    concerned = [keeper for keeper in _keepers if keeper.article_fields & set(update_fields)]
    if concerned:
        touched([instance.pk], concerned)


def article_deleted(sender, instance, **kwargs):
    touched([instance.pk])


def experts_articles(department):
    """The articles quoting the experts of `department` (shown beside them)."""
    experts = ArticleExpert.objects.filter(expert__department=department)
    return list(experts.values_list("article_id", flat=True))


def note_renamed(kind, instance, changed=None):
    """Keep on `instance` what its change touches, for each keeper concerned: `changed` is the
    set of fields changed (None: deleted, which concerns every keeper)."""
    linked = list(linked_article_ids(kind, instance))
    notes = []
    for keeper in _keepers:
        if changed is not None and not changed & set(keeper.facet_fields(kind)):
            continue
        ids = list(linked)
        if kind is DEPARTMENT and keeper.shows_departments_of_experts:
            ids += experts_articles(instance)
        notes.append((keeper, ids))
    instance._upkeep_renamed = notes


def receivers_for(kind):
    """The receivers that keep `kind`'s links and names in step. What a deletion or a rename
    touches is read before it and noted after it: outside a transaction the rebuild runs at
    once, and must see the change."""

    def link_saved_or_deleted(sender, instance, **kwargs):
        touched([getattr(instance, kind.model.objects.link_table()[1])])

    def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse:  # article.departments.add(…): `instance` is the article
            if action.startswith("post_"):
                touched([instance.pk])
        elif action == "pre_clear":  # department.articles.clear()
            instance._upkeep_cleared = list(linked_article_ids(kind, instance))
        elif action == "post_clear":
            touched(instance.__dict__.pop("_upkeep_cleared", []))
        elif action.startswith("post_"):
            touched(pk_set)

    def facet_saving(sender, instance, raw=False, **kwargs):
        if instance.pk is None or raw:
            return
        fields = tuple(dict.fromkeys(name for k in _keepers for name in k.facet_fields(kind)))
        stored = kind.model.objects.filter(pk=instance.pk).values(*fields).first()
        if stored is None:
            return
        changed = {name for name in fields if stored[name] != getattr(instance, name)}
        if changed:
            note_renamed(kind, instance, changed)

    def facet_deleting(sender, instance, **kwargs):
        note_renamed(kind, instance)

    def facet_saved_or_deleted(sender, instance, **kwargs):
        for keeper, ids in instance.__dict__.pop("_upkeep_renamed", []):
            touched(ids, [keeper])

    return {
        "link_saved_or_deleted": link_saved_or_deleted,
        "links_changed": links_changed,
        "facet_saving": facet_saving,
        "facet_deleting": facet_deleting,
        "facet_saved_or_deleted": facet_saved_or_deleted,
    }


def articles_of_contact(contact):
    """The articles whose departments name `contact` for media enquiries (shown on their
    pages)."""
    departments = DEPARTMENT.model.objects.filter(press_contact=contact)
    return list(linked_article_ids(DEPARTMENT, list(departments.values_list("pk", flat=True))))


def contacts_keepers():
    return [keeper for keeper in _keepers if keeper.shows_press_contacts]


def press_contact_saved(sender, instance, raw=False, **kwargs):
    if not raw and contacts_keepers():
        touched(articles_of_contact(instance), contacts_keepers())


def press_contact_deleting(sender, instance, **kwargs):
    # Read before the deletion clears the departments' contact, noted after it.
    instance._upkeep_articles = articles_of_contact(instance) if contacts_keepers() else []


def press_contact_deleted(sender, instance, **kwargs):
    touched(instance.__dict__.pop("_upkeep_articles", []), contacts_keepers())


def connect():
    post_save.connect(article_saved, sender=Article, dispatch_uid="upkeep-article-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="upkeep-article-deleted")
    post_save.connect(press_contact_saved, sender=PressContact, dispatch_uid="upkeep-contact")
    pre_delete.connect(press_contact_deleting, sender=PressContact, dispatch_uid="upkeep-contact")
    post_delete.connect(press_contact_deleted, sender=PressContact, dispatch_uid="upkeep-contact")
    for kind in FACETS:
        links = kind.model.objects.link_table()[0]
        receivers = receivers_for(kind)
        connections = [
            (post_save, links, "link_saved_or_deleted"),
            (post_delete, links, "link_saved_or_deleted"),
            (m2m_changed, links, "links_changed"),
            (pre_save, kind.model, "facet_saving"),
            (post_save, kind.model, "facet_saved_or_deleted"),
            (pre_delete, kind.model, "facet_deleting"),
            (post_delete, kind.model, "facet_saved_or_deleted"),
        ]
        for signal, sender, name in connections:
            # A dispatch_uid is unique per signal and sender: the name is enough.
            uid = f"upkeep-{kind.key}-{name}"
            signal.connect(receivers[name], sender=sender, weak=False, dispatch_uid=uid)
