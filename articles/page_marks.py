"""Where the deep pages of the news list (and of the articles sitemap) start, kept: every
thousandth public article, in the list's order.

Page 2,000 of the news begins at the 40,000th article. Found by OFFSET, the database walks
40,000 index entries to get there, on every request for that page (crawlers ask for every
page). With the mark of the 40,000th article kept — its publication time and id — the page
starts at the mark and walks at most a thousand entries. The pages, their addresses and what
each holds are exactly those of the plain OFFSET: the marks only say where to begin.

The marks are a kept document like the home page's (articles/highlights.py): rebuilt when a
change to an article's status or date commits (articles/upkeep.py), and when read after a
scheduled article went public since they were built (a story going public shifts every page
after it by one). Without them — before the first change after an install — pages are found
by OFFSET, as before. The same marks count the public articles for the sitemap index: the
thousands before the last mark, and the few after it.
"""

import datetime

from django.db.models import F, Q, Window
from django.db.models.functions import Mod, RowNumber

from . import kept, upkeep
from .models import Article

NEWS = "news-marks"
EVERY = 1000  # articles between two marks: the most a deep page walks


def build(every=None):
    """The marks of the public list, read now: [[published_at, id]] of the articles at
    positions every, 2 * every, … (counted from 0)."""
    every = every or EVERY
    ordered = Article.objects.published().annotate(
        position=Window(RowNumber(), order_by=[F("published_at").desc(), F("pk").desc()])
    )
    # The window numbers rows from 1: the article at position `every` is row every + 1.
    marked = ordered.annotate(step=Mod(F("position") - 1, every)).filter(position__gt=every, step=0)
    rows = marked.order_by("-published_at", "-pk").values_list("published_at", "pk")
    marks = [[published_at.isoformat(), pk] for published_at, pk in rows]
    return {"every": every, "marks": marks, **kept.until_next_publication()}


def rebuild(ids=(), every=None):
    """Build and keep the marks (`ids`, the articles a change touched, are not needed: any of
    them may move every page after it). Returns the document."""
    data = build(every)
    kept.keep(NEWS, data)
    return data


class NewsMarks:
    """The kept marks of the news list, read when a page past the first mark is asked for."""

    def __init__(self):
        self._data = None

    def data(self):
        if self._data is None:
            data = kept.read(NEWS)
            if data is not None and kept.has_expired(data):
                data = rebuild(every=data["every"])
            self._data = data or {"every": EVERY, "marks": []}
        return self._data

    def start(self, articles, position):
        """(`articles` from the last mark at or before `position`, the position left to skip
        from there); (`articles`, `position`) when no mark helps."""
        if position < EVERY:
            return articles, position  # before the first mark: nothing to read
        data = self.data()
        every, marks = data["every"], data["marks"]
        index = min(position // every, len(marks))
        if index == 0:
            return articles, position
        published_at, pk = marks[index - 1]
        published_at = datetime.datetime.fromisoformat(published_at)
        # The list is ordered by (published_at, id) descending: the mark and what follows it.
        from_mark = articles.filter(published_at__lte=published_at).exclude(
            Q(published_at=published_at) & Q(pk__gt=pk)
        )
        return from_mark, position - index * every

    def count(self, articles):
        """How many `articles` there are — the whole public list, in any order: the marks
        before the last one's position, and the few after it counted."""
        marks = self.data()["marks"]
        if not marks:
            return articles.count()
        passed = len(marks) * self.data()["every"]
        from_last_mark, _ = self.start(articles, passed)
        return passed + from_last_mark.count()


def build_after_migrate(using="default", **kwargs):
    kept.build_missing(NEWS, rebuild)


def connect():
    upkeep.keep(
        upkeep.Keeper(
            rebuild=rebuild,
            # What decides whether an article is in the public list, and where.
            article_fields=frozenset({"status", "published_at"}),
            facet_fields=lambda kind: (),
        )
    )
