from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .forms import HTTPS_URL_FIELDS, ArticleAdminForm, ExpertAdminForm
from .models import Article, ArticleExpert, Conference, Department, Expert, MediaLink, Source

admin.site.site_header = "Newsroom administration"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Newsroom"


class ArticleCountMixin:
    """Changelists of facets show how many articles use each row, counted in the list query."""

    formfield_overrides = HTTPS_URL_FIELDS

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count()


@admin.register(Source)
class SourceAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "url", "article_count"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Expert)
class ExpertAdmin(ArticleCountMixin, admin.ModelAdmin):
    form = ExpertAdminForm
    list_display = ["__str__", "position", "department", "affiliation", "article_count"]
    list_filter = ["department"]
    list_select_related = ["department"]
    search_fields = ["family_name", "given_name", "position", "affiliation", "orcid"]
    autocomplete_fields = ["department"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    fieldsets = [
        (None, {"fields": ["honorific", ("family_name", "given_name"), "name_order", "slug"]}),
        ("Role", {"fields": ["position", "department", "affiliation"]}),
        ("Profile", {"fields": ["bio", "photo", "orcid", "profile_url"]}),
    ]


@admin.register(Conference)
class ConferenceAdmin(ArticleCountMixin, admin.ModelAdmin):
    list_display = ["__str__", "city", "country", "start_date", "end_date", "article_count"]
    search_fields = ["name", "edition", "city", "country"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["edition", "name"]}
    fields = ["name", "edition", "slug", ("city", "country"), ("start_date", "end_date"), "website"]


class ArticleExpertInline(admin.TabularInline):
    model = ArticleExpert
    autocomplete_fields = ["expert"]
    fields = ["expert", "role", "order"]
    extra = 1


class MediaLinkInline(admin.StackedInline):
    model = MediaLink
    formfield_overrides = HTTPS_URL_FIELDS
    fields = [("title", "kind"), ("url", "provider"), "order"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "status", "published_at", "source", "is_featured"]
    list_filter = ["status", "is_featured", "departments", "tags", "source", "published_at"]
    list_select_related = ["source"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source", "conferences", "departments"]
    inlines = [ArticleExpertInline, MediaLinkInline]
    actions = ["publish_selected", "withdraw_selected", "feature_selected", "unfeature_selected"]
    readonly_fields = ["created_by", "created_at", "updated_at", "first_published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            "Publication",
            {"fields": ["status", "published_at", "is_featured", "byline", "language"]},
        ),
        ("Origin", {"fields": ["source", "original_url"]}),
        ("Classification", {"fields": ["departments", "conferences", "tags"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("History", {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not services.can_publish(request.user):
            fields += ["published_at", "is_featured"]
        if obj is not None and obj.is_slug_locked:
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.is_slug_locked:
            return {}
        return {"slug": ["title"]}

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _apply(self, request, queryset, operation, done_message):
        done = 0
        for article in queryset:
            try:
                operation(article)
            except ValidationError as error:
                problems = "; ".join(m for ms in error.message_dict.values() for m in ms)
                self.message_user(
                    request, f"“{article}” was not changed: {problems}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message.format(count=done), messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Publish selected articles")
    def publish_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.publish(a, request.user),
            "{count} article(s) published or scheduled.",
        )

    @admin.action(permissions=["publish"], description="Withdraw selected articles")
    def withdraw_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.withdraw(a, request.user),
            "{count} article(s) withdrawn.",
        )

    @admin.action(permissions=["publish"], description="Feature selected articles")
    def feature_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.set_featured(a, request.user, True),
            "{count} article(s) featured.",
        )

    @admin.action(permissions=["publish"], description="Stop featuring selected articles")
    def unfeature_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda a: services.set_featured(a, request.user, False),
            "{count} article(s) no longer featured.",
        )
