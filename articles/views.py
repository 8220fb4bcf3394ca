from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import Http404, JsonResponse
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

from . import search, structured_data
from .models import Article, Conference, Department, Expert
from .pagination import ArchivePaginator, RowsInOrder
from .querysets import (
    experts_in_recent_news,
    facet_links,
    public_topics,
    topics_in_recent_news,
)

ARTICLES_PER_PAGE = 20
# What the previous/next links show: reading a neighbour's whole row would unpack its text.
PAGER_FIELDS = ("title", "slug", "published_at")


class PublishedArticlesMixin:
    """Every public article view starts from the one visibility rule."""

    paginate_by = ARTICLES_PER_PAGE
    paginator_class = ArchivePaginator

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
            featured=featured,
            latest=latest[:9],
            topics=topics_in_recent_news(12),
            experts=experts_in_recent_news(6),
            conferences=Conference.objects.having_published_articles()[:4],
            **kwargs,
        )


class ArticleListView(PublishedArticlesMixin, ListView):
    pass


class ArticleDetailView(DetailPageMixin, PublishedArticlesMixin, DetailView):
    section = ("News", "articles:article-list")

    def get_structured_data(self, trail):
        article_data = structured_data.news_article(self.request, self.object)
        return [article_data, *super().get_structured_data(trail)]

    def get_queryset(self):
        return Article.objects.published().with_details()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return moved_or_gone(request, kwargs["slug"])

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            related=Article.objects.related_to(article),
            previous_article=Article.objects.before(article).only(*PAGER_FIELDS).first(),
            next_article=Article.objects.after(article).only(*PAGER_FIELDS).first(),
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


class FacetArticlesView(DetailPageMixin, SingleObjectMixin, ListView):
    """A facet's page (expert, conference, department, topic): the facet and its published articles.

    Facets that no published article uses are 404: they would otherwise reveal unpublished work.
    """

    paginate_by = ARTICLES_PER_PAGE
    paginator_class = ArchivePaginator

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.get_facet_queryset())
        return super().get(request, *args, **kwargs)

    def get_facet_queryset(self):
        return self.model.objects.having_published_articles()

    def get_queryset(self):
        return Article.objects.published().with_cards().linked_by(*facet_links(self.object))


class ExpertDetailView(FacetArticlesView):
    model = Expert
    template_name = "articles/expert_detail.html"
    section = ("Experts", "articles:expert-list")

    def get_structured_data(self, trail):
        person = structured_data.person(self.request, self.object)
        return [person, *super().get_structured_data(trail)]

    def get_facet_queryset(self):
        return super().get_facet_queryset().select_related("department")


class ConferenceDetailView(FacetArticlesView):
    model = Conference
    template_name = "articles/conference_detail.html"
    section = ("Conferences", "articles:conference-list")

    def get_structured_data(self, trail):
        event = structured_data.event(self.request, self.object)
        return [event, *super().get_structured_data(trail)]


class DepartmentDetailView(FacetArticlesView):
    model = Department
    template_name = "articles/department_detail.html"
    section = ("Departments", "articles:department-list")

    def get_context_data(self, **kwargs):
        experts = self.object.experts.having_published_articles()
        return super().get_context_data(department_experts=experts, **kwargs)


class TopicDetailView(FacetArticlesView):
    template_name = "articles/topic_detail.html"
    context_object_name = "topic"
    section = ("Topics", "articles:topic-list")

    def get_facet_queryset(self):
        return public_topics()


class ExpertListView(ListView):
    """The A–Z directory of experts who appear in published news, filterable by department."""

    paginate_by = 50
    template_name = "articles/expert_list.html"

    def get(self, request, *args, **kwargs):
        # Everyone who appears in published news, read once: the letters, the departments and
        # the page all come from it. Checking every expert for a published article is what
        # costs, and each of them was a check of its own.
        self.listed = list(
            Expert.objects.having_published_articles().values_list(
                "pk", "family_name", "department__slug"
            )
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

    def get_context_data(self, **kwargs):
        department_slugs = {slug for _, _, slug in self.listed if slug}
        return super().get_context_data(
            departments=Department.objects.filter(slug__in=department_slugs),
            letters=sorted({family_name[:1].upper() for _, family_name, _ in self.listed}),
            filter_query=urlencode(
                {k: v for k, v in self.request.GET.items() if k in ("letter", "department") and v}
            ),
            selected_department=self.selected_department,
            selected_letter=self.selected_letter,
            **kwargs,
        )


class ConferenceListView(ListView):
    """Upcoming conferences first, then the past ones, newest first, page by page."""

    paginate_by = 50

    def get_queryset(self):
        return Conference.objects.having_published_articles().filter(
            end_date__lt=timezone.localdate()
        )

    def get_context_data(self, **kwargs):
        upcoming = Conference.objects.having_published_articles().filter(
            end_date__gte=timezone.localdate()
        )
        return super().get_context_data(upcoming=upcoming.order_by("start_date"), **kwargs)


class DepartmentListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Department.objects.having_published_articles()


class TopicListView(ListView):
    paginate_by = 100
    template_name = "articles/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return public_topics().order_by("name")


class SearchView(ListView):
    """Published articles ranked by relevance, with snippets, facets, people and events."""

    template_name = "articles/search.html"
    paginate_by = ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.query = search.Query.parse(request.GET.get("q", ""))
        self.results = search.search(self.query, request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.results.articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["object_list"]:
            article.snippet = search.snippet(article, self.query)
            article.title_marked = search.highlight(article.title, self.query, length=300)
        search.add_matching_topics(context["object_list"], self.query)
        filters = self.results.filters
        found = context["paginator"].count if context["paginator"] else 0
        return {
            **context,
            "query": self.query.text,
            "search": self.results,
            "facets": [self.facet_links(facet, filters) for facet in self.results.facets],
            "active_filters": self.active_filters(filters),
            "found": found,
            "suggestions": [] if found else self.suggestion_links(),
            "search_query": self.query_string(filters),
            "feed_query": urlencode({"q": self.query.text}),
        }

    def suggestion_links(self):
        return [(name, urlencode({"q": name})) for name in search.suggestions(self.query)]

    def query_string(self, filters, **changes):
        params = {"q": self.query.text, **filters, **changes}
        return urlencode({name: value for name, value in params.items() if value})

    def facet_links(self, facet, filters):
        options = [
            (
                label,
                count,
                selected,
                self.query_string(filters, **{facet.parameter: "" if selected else value}),
            )
            for value, label, count, selected in facet.options
        ]
        return {"label": facet.label, "options": options}

    def active_filters(self, filters):
        return [
            (search.FACETS[name], value, self.query_string(filters, **{name: ""}))
            for name, value in filters.items()
        ]


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
