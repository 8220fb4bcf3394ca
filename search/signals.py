"""Keeping search documents in step with the news.

Which articles a change touched is the domain's upkeep (articles/upkeep.py): the search
documents are one of the things rebuilt from them when the change commits. What is search's
own is the cache of the facet options' labels, forgotten when a row is saved or deleted.
"""

from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from articles import upkeep
from articles.facets import SEARCH_FACETS

from . import facets, indexing


def label_forgetter(kind):
    def forget_label(sender, instance, **kwargs):
        # Its name or address may have changed: shown anew.
        key = facets.label_key(kind.key, instance.pk)
        transaction.on_commit(partial(cache.delete, key), robust=True)

    return forget_label


# The fields of an article its search document holds (the date orders the matches).
SEARCHED_FIELDS = frozenset({"title", "summary", "body", "published_at"})


def rebuild_documents(ids):
    indexing.rebuild(ids)


def connect():
    upkeep.keep(
        upkeep.Keeper(
            rebuild=rebuild_documents,
            article_fields=SEARCHED_FIELDS,
            facet_fields=lambda kind: kind.indexed_fields,
        )
    )
    for kind in SEARCH_FACETS:
        forget_label = label_forgetter(kind)
        for signal in (post_save, post_delete):
            uid = f"search-{kind.key}-label"
            signal.connect(forget_label, sender=kind.model, weak=False, dispatch_uid=uid)
