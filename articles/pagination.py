"""Pagination that stays fast deep into a long archive, and on an archive of any size."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F
from django.utils.functional import cached_property

from .querysets import IsAnyOf

ARTICLES_PER_PAGE = 20
# No archive reaches this page (20 million articles at 20 a page); a larger number asked for is
# refused before the database has to count that far, or to hold an offset that overflows.
MAX_PAGE_NUMBER = 1_000_000


class ArchivePage(Page):
    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def end_index(self):
        return self.start_index() + len(self) - 1 if len(self) else 0


class ArchivePaginator(Paginator):
    """Pages of a long, ordered queryset of articles.

    Deferred join: a plain OFFSET reads and throws away every row before the page (page 2,000 of
    the news reads 40,000 articles). Here the page's ids are found first, from the index alone,
    and only those rows are then read. Given the list's kept `marks`, a deep page's ids are
    found from the mark before it rather than from the top of the list.

    Bounded counting: counting a hundred thousand articles costs more than showing a page, so at
    most `count_limit` are counted. Past that the total is not known (`num_pages` is None, the
    page says "Page 7" rather than "Page 7 of 4,750"), and whether an older page exists comes
    from reading one id more than the page shows.
    """

    count_limit = 1000  # None: count them all

    def __init__(
        self,
        object_list,
        per_page,
        orphans=0,
        allow_empty_first_page=True,
        rows=None,
        marks=None,
        **kwargs,
    ):
        """`rows`: where the rows of a page's ids are read from, when it is cheaper than
        `object_list` with every filter that chose them (a facet's thousand article ids).
        `marks`: where the deep pages of `object_list` start (articles/page_marks.py)."""
        if orphans:
            raise ValueError("ArchivePaginator does not merge orphans into the last page.")
        super().__init__(object_list, per_page, 0, allow_empty_first_page, **kwargs)
        self.rows = object_list if rows is None else rows
        self.marks = marks

    @cached_property
    def known_ids(self):
        """Every id of a list known to be few (`ArticleQuerySet.is_few`), in order: read once,
        they give the count and every page's ids (sorting a facet's thousand ids is cheaper than
        reading them twice, to count and to page). None for other lists."""
        if not getattr(self.object_list, "is_few", False):
            return None
        return list(self.object_list.values_list("pk", flat=True))

    @cached_property
    def count(self):
        """How many articles there are, up to count_limit + 1 ("more than count_limit")."""
        if self.known_ids is not None:
            known = len(self.known_ids)
            return known if self.count_limit is None else min(known, self.count_limit + 1)
        articles = self.object_list.order_by().values("pk")
        if self.count_limit is None:
            return articles.count() if self.marks is None else self.marks.count(articles)
        return articles[: self.count_limit + 1].count()

    @property
    def is_count_exact(self):
        return self.count_limit is None or self.count <= self.count_limit

    @cached_property
    def num_pages(self):
        return super().num_pages if self.is_count_exact else None

    def validate_number(self, number):
        if self.is_count_exact:
            return super().validate_number(number)
        return self.validate_without_total(number)

    def validate_without_total(self, number):
        """A whole number from 1: whether the page exists is known once its ids are read."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE_NUMBER:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.known_ids
        skip = bottom
        if ids is None:
            ids = self.object_list.values_list("pk", flat=True)
            if self.marks is not None:
                ids, skip = self.marks.start(ids, bottom)
        ids = list(ids[skip : skip + self.per_page + 1])
        if not ids and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        shown = ids[: self.per_page]
        rows = self.rows.filter(IsAnyOf(F("pk"), shown)).order_by()
        articles = {article.pk: article for article in rows}
        return ArchivePage(
            [articles[pk] for pk in shown if pk in articles],
            number,
            self,
            has_next=len(ids) > self.per_page,
        )


class SitemapPaginator(ArchivePaginator):
    """The pages of the articles sitemap. The sitemap index lists them all, so their number is
    exact; a page itself is served without counting every article first."""

    count_limit = None

    def validate_number(self, number):
        return self.validate_without_total(number)


class FacetSitemapPaginator(Paginator):
    """The pages of a sitemap of facets (experts, topics...) that published articles use.

    Checking every facet for a published article is what costs; when even the number of all
    rows fits one page, the sitemap has one page (Django gives an empty one a page too), and no
    check is made to count them."""

    def __init__(self, object_list, per_page, all_rows):
        super().__init__(object_list, per_page)
        self.all_rows = all_rows

    @cached_property
    def num_pages(self):
        if self.all_rows.count() <= self.per_page:
            return 1
        return super().num_pages


class RowsInOrder:
    """The rows of `queryset` whose ids are `ids`, in that order, for a paginator: the ids are
    known (ranked, or filtered in memory) and each page is one query by id."""

    def __init__(self, queryset, ids):
        self.queryset = queryset
        self.ids = ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, window):
        if isinstance(window, int):
            return self[window : window + 1 or None][0]
        ids = self.ids[window]
        found = self.queryset.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def __iter__(self):
        return iter(self[:])
