from django.contrib import admin
from taggit.models import Tag

from .article_admin import ArticleAdmin
from .forms import HTTPS_URL_FIELDS, ExpertAdminForm
from .models import Article, Conference, Department, Expert, PressContact, Source, Topic

# Topics are the newsroom's own tag model; taggit's generic tags are not used.
admin.site.unregister(Tag)


class ArticleCountMixin:
    """Changelists of facets show how many articles use each row, counted in the list query."""

    formfield_overrides = HTTPS_URL_FIELDS

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def get_queryset(self, request):
        # Counting groups the rows, which drops the model's ordering; the autocomplete of an
        # article's form pages through this queryset.
        rows = super().get_queryset(request).with_article_count()
        return rows.order_by(*self.model._meta.ordering, "pk")


@admin.register(Source)
class SourceAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "url", "article_count"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "press_contact", "article_count"]
    list_select_related = ["press_contact"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["press_contact"]


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "email", "phone"]
    search_fields = ["name", "role", "email"]


@admin.register(Expert)
class ExpertAdmin(ArticleCountMixin, admin.ModelAdmin):
    form = ExpertAdminForm
    list_display = ["__str__", "position", "department", "affiliation", "article_count"]
    list_filter = ["department"]
    list_select_related = ["department"]
    search_fields = ["family_name", "given_name", "position", "affiliation", "orcid"]
    autocomplete_fields = ["department"]
    # No slug filled in as the name is typed: the browser would write it given name first
    # whatever the name order; an empty slug is made on save, in the order the name is shown.
    fieldsets = [
        (None, {"fields": ["honorific", ("family_name", "given_name"), "name_order", "slug"]}),
        ("Role", {"fields": ["position", "department", "affiliation"]}),
        ("Profile", {"fields": ["bio", "photo", "orcid", "profile_url"]}),
    ]


@admin.register(Topic)
class TopicAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Conference)
class ConferenceAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["__str__", "city", "country", "start_date", "end_date", "article_count"]
    search_fields = ["name", "edition", "city", "country"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["edition", "name"]}
    fields = ["name", "edition", "slug", ("city", "country"), ("start_date", "end_date"), "website"]


# The article admin lives in articles/article_admin.py; registered here, with the others.
admin.site.register(Article, ArticleAdmin)
