from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.generic import DetailView, ListView

from .models import Article, Conference, Department, Expert


class PublishedArticlesMixin:
    """Every public article view starts from the one visibility rule."""

    def get_queryset(self):
        return Article.objects.published().with_cards()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return super().get_queryset()[:12]


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("conferences", "media_links")


class FacetDetailView(DetailView):
    """A facet page (expert, conference, department) lists the published articles that use it."""

    article_filter = None

    def get_context_data(self, **kwargs):
        articles = (
            Article.objects.published().with_cards().filter(**{self.article_filter: self.object})
        )
        return super().get_context_data(articles=articles[:50], **kwargs)


class ExpertDetailView(FacetDetailView):
    queryset = Expert.objects.select_related("department")
    article_filter = "experts"


class ConferenceDetailView(FacetDetailView):
    model = Conference
    article_filter = "conferences"


class DepartmentDetailView(FacetDetailView):
    model = Department
    article_filter = "departments"


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
