"""The public pages of the news: home, lists, archives, articles and facet pages. Every view
reads articles through `published()`; staff preview is the one explicit, permission-checked
exception."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from django.views.generic.detail import SingleObjectMixin

from . import facts, highlights, page_marks, structured_data
from .models import Article, Department, Expert
from .pagination import ARTICLES_PER_PAGE, ArchivePaginator, RowsInOrder


class ArticlePagesMixin:
    """Lists of articles, twenty cards a page: a page's ids are chosen by the list's filters,
    and its cards read by those ids alone, through the visibility rule again."""

    paginate_by = ARTICLES_PER_PAGE
    paginator_class = ArchivePaginator

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        cards = Article.objects.published().with_cards()
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, rows=cards, **kwargs
        )


class PublishedArticlesMixin(ArticlePagesMixin):
    """Every public article view starts from the one visibility rule."""

    def get_queryset(self):
        return Article.objects.published().with_cards()


class DetailPageMixin:
    """Breadcrumbs and JSON-LD for a detail page; `section` names the list it belongs to."""

    section = None  # (label, URL name)

    def get_breadcrumbs(self):
        label, url_name = self.section
        return [
            ("Home", reverse("articles:home")),
            (label, reverse(url_name)),
            (str(self.object), self.request.path),
        ]

    def get_structured_data(self, trail):
        return [structured_data.breadcrumbs(self.request, trail)]

    def get_context_data(self, **kwargs):
        trail = self.get_breadcrumbs()
        return super().get_context_data(
            trail=trail, structured_data=self.get_structured_data(trail), **kwargs
        )


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        featured = Article.objects.featured().with_cards().first()
        latest = Article.objects.published().with_cards()
        if featured:
            latest = latest.exclude(pk=featured.pk)
        return super().get_context_data(
            featured=featured, latest=latest[:9], **highlights.home(), **kwargs
        )


class ArticleListView(PublishedArticlesMixin, ListView):
    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        marks = page_marks.NewsMarks()
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, marks=marks, **kwargs
        )


class ArticleDetailView(DetailPageMixin, PublishedArticlesMixin, DetailView):
    """An article: its row with its read model (articles/facts.py), then the cards of its
    related news and neighbours in one query. Staff views of unpublished work read the tables
    instead (`live_facts`): they show what was saved a moment ago."""

    section = ("News", "articles:article-list")
    live_facts = False

    def get_structured_data(self, trail):
        article_data = structured_data.news_article(self.request, self.object)
        return [article_data, *super().get_structured_data(trail)]

    def get_queryset(self):
        return Article.objects.published().with_facts()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return moved_or_gone(request, kwargs["slug"])

    def get_context_data(self, **kwargs):
        document = facts.attach(self.object, live=self.live_facts)
        related, before, after = document["related"], document["before"], document["after"]
        cards = Article.objects.cards_by_id([*related, before, after])
        return super().get_context_data(
            related=[cards[pk] for pk in related if pk in cards],
            previous_article=cards.get(before),
            next_article=cards.get(after),
            **kwargs,
        )


def moved_or_gone(request, slug):
    """An address that is no public article's: a former address (301 to the current one), a
    withdrawn article (410 Gone with a short notice), or nothing at all (404)."""
    article = (
        Article.objects.filter(Q(slug=slug) | Q(former_slugs__slug=slug))
        .only("slug", "status", "published_at", "first_published_at", "withdrawn_at")
        .first()
    )
    if article is not None and article.is_published:
        return redirect(article, permanent=True)
    if article is not None and article.is_withdrawn:
        response = TemplateResponse(
            request, "articles/article_withdrawn.html", {"article": article}, status=410
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    raise Http404("No public article has this address.")


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """Staff see an article they may edit as the public would, marked as a preview.

    Never cached and never indexed; everyone else gets 404, as if the address did not exist.
    """

    template_name = "articles/article_detail.html"
    live_facts = True

    def get(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404("No article here.")
        return DetailView.get(self, request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.editable_by(self.request.user).with_details()

    def get_structured_data(self, trail):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ArticleArchiveMixin(PublishedArticlesMixin):
    date_field = "published_at"
    month_format = "%m"


class ArticleYearArchiveView(ArticleArchiveMixin, YearArchiveView):
    make_object_list = True


class ArticleMonthArchiveView(ArticleArchiveMixin, MonthArchiveView):
    pass


# Facet pages: one kind of the registry (articles/facets.py) per view, given by the URL
# configuration (`as_view(kind=…)`).


class FacetDetailView(DetailPageMixin, SingleObjectMixin, ArticlePagesMixin, ListView):
    """A facet's page (a topic, expert, conference, department): the row and its published
    articles. Rows that no published article uses are 404: they would reveal unpublished work."""

    kind = None

    @property
    def section(self):
        return (self.kind.plural_label, self.kind.url_name("list"))

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.get_facet_queryset())
        return super().get(request, *args, **kwargs)

    def get_facet_queryset(self):
        return self.kind.public_rows()

    def get_queryset(self):
        return Article.objects.published().with_cards().linked_by(*self.kind.links(self.object))

    def get_template_names(self):
        return [f"articles/{self.kind.model._meta.model_name}_detail.html"]


class ExpertDetailView(FacetDetailView):
    def get_structured_data(self, trail):
        person = structured_data.person(self.request, self.object)
        return [person, *super().get_structured_data(trail)]

    def get_facet_queryset(self):
        return super().get_facet_queryset().select_related("department")


class ConferenceDetailView(FacetDetailView):
    def get_structured_data(self, trail):
        event = structured_data.event(self.request, self.object)
        return [event, *super().get_structured_data(trail)]


class DepartmentDetailView(FacetDetailView):
    def get_context_data(self, **kwargs):
        experts = self.object.experts.having_published_articles()
        return super().get_context_data(department_experts=experts, **kwargs)


class FacetListView(ListView):
    """A facet kind's directory: every row that published articles use, page by page."""

    kind = None

    def get_queryset(self):
        return self.kind.public_rows()

    def get_paginate_by(self, queryset):
        return self.paginate_by or self.kind.per_page


class ExpertListView(FacetListView):
    """The A–Z directory of experts who appear in published news, filterable by department."""

    def get(self, request, *args, **kwargs):
        # Everyone who appears in published news, read once: the letters, the departments and
        # the page all come from it. Checking every expert for a published article is what
        # costs, and each of them was a check of its own.
        self.listed = list(
            self.kind.public_rows().values_list("pk", "family_name", "department__slug")
        )
        self.selected_department = request.GET.get("department", "")
        self.selected_letter = request.GET.get("letter", "")[:1].upper()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        department, letter = self.selected_department, self.selected_letter
        ids = [
            pk
            for pk, family_name, department_slug in self.listed
            if (not department or department_slug == department)
            and (not letter or family_name[:1].upper() == letter)
        ]
        return RowsInOrder(Expert.objects.select_related("department"), ids)

    def get_template_names(self):
        return ["articles/expert_list.html"]

    def get_context_data(self, **kwargs):
        department_slugs = {slug for _, _, slug in self.listed if slug}
        return super().get_context_data(
            departments=Department.objects.filter(slug__in=department_slugs),
            letters=sorted({family_name[:1].upper() for _, family_name, _ in self.listed}),
            filter_query=urlencode(
                {
                    name: self.request.GET[name]
                    for name in ("letter", "department")
                    if self.request.GET.get(name)
                }
            ),
            selected_department=self.selected_department,
            selected_letter=self.selected_letter,
            **kwargs,
        )


class ConferenceListView(FacetListView):
    """Upcoming conferences first, then the past ones, newest first, page by page."""

    def get_queryset(self):
        return super().get_queryset().filter(end_date__lt=timezone.localdate())

    def get_context_data(self, **kwargs):
        upcoming = super().get_queryset().filter(end_date__gte=timezone.localdate())
        return super().get_context_data(upcoming=upcoming.order_by("start_date"), **kwargs)


# Kinds whose pages show more than the generic ones do.
DETAIL_VIEWS = {
    "expert": ExpertDetailView,
    "conference": ConferenceDetailView,
    "department": DepartmentDetailView,
}
LIST_VIEWS = {"expert": ExpertListView, "conference": ConferenceListView}


def facet_detail_view(kind):
    return DETAIL_VIEWS.get(kind.key, FacetDetailView).as_view(kind=kind)


def facet_list_view(kind):
    return LIST_VIEWS.get(kind.key, FacetListView).as_view(kind=kind)
