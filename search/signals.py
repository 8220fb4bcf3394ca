"""Keeping search documents in step with the news.

The receivers below only note which articles a change touched; when the transaction commits,
their documents are rebuilt once (one admin save writes the article, its topics, experts and
departments: one rebuild). A facet's articles are rebuilt only when a field the index holds
changed (a name, not a bio or a photo).
"""

from functools import partial
from threading import local

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.facets import FACETS
from articles.models import Article

from . import facets, indexing

# The fields of an article its search document holds (the date orders the matches).
SEARCHED_FIELDS = {"title", "summary", "body", "published_at"}

_pending = local()


def touched(ids):
    """Note articles whose documents are out of date; they are rebuilt when the transaction
    commits (at once outside a transaction).

    Each call asks for the rebuild: after a rollback, the ids noted are rebuilt with the next
    transaction's, and the callbacks that find nothing left to do cost nothing."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = set()
    pending |= ids
    # robust: the change itself is committed by then; a failed rebuild is logged, not raised.
    transaction.on_commit(rebuild_touched, robust=True)


def rebuild_touched():
    ids, _pending.ids = getattr(_pending, "ids", None), None
    if ids:
        indexing.rebuild(ids)


def linked_article_ids(kind, facet):
    links, article_column = kind.links(facet)
    return links.values_list(article_column, flat=True)


def article_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or SEARCHED_FIELDS & set(update_fields):
        touched([instance.pk])


def article_deleted(sender, instance, **kwargs):
    touched([instance.pk])


def receivers_for(kind):
    """The receivers that keep `kind`'s links and names in the index. What a deletion or a
    rename touches is read before it and noted after it: outside a transaction the rebuild runs
    at once, and must see the change."""
    links, article_column, _ = kind.model.objects.link_table()

    def link_saved_or_deleted(sender, instance, **kwargs):
        touched([getattr(instance, article_column)])

    def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse:  # article.departments.add(…): `instance` is the article
            if action.startswith("post_"):
                touched([instance.pk])
        elif action == "pre_clear":  # department.articles.clear()
            instance._search_cleared = list(linked_article_ids(kind, instance))
        elif action == "post_clear":
            touched(instance.__dict__.pop("_search_cleared", []))
        elif action.startswith("post_"):
            touched(pk_set)

    def facet_saving(sender, instance, raw=False, **kwargs):
        if instance.pk is None or raw:
            return
        stored = kind.model.objects.filter(pk=instance.pk).values(*kind.indexed_fields).first()
        current = {name: getattr(instance, name) for name in kind.indexed_fields}
        if stored is not None and stored != current:
            instance._search_renamed = list(linked_article_ids(kind, instance))

    def facet_deleting(sender, instance, **kwargs):
        instance._search_renamed = list(linked_article_ids(kind, instance))

    def facet_saved_or_deleted(sender, instance, **kwargs):
        touched(instance.__dict__.pop("_search_renamed", []))
        if kind.is_search_facet:  # its name or address may have changed: shown anew
            key = facets.label_key(kind.key, instance.pk)
            transaction.on_commit(partial(cache.delete, key), robust=True)

    return {
        "link_saved_or_deleted": link_saved_or_deleted,
        "links_changed": links_changed,
        "facet_saving": facet_saving,
        "facet_deleting": facet_deleting,
        "facet_saved_or_deleted": facet_saved_or_deleted,
    }


def connect():
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search-article-deleted")
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
            uid = f"search-{kind.key}-{name}"
            signal.connect(receivers[name], sender=sender, weak=False, dispatch_uid=uid)
