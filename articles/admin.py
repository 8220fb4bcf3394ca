from django.contrib import admin, messages
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from js_asset.media import Media
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from . import revisions, services
from .forms import HTTPS_URL_FIELDS, ArticleAdminForm, ExpertAdminForm
from .models import (
    Article,
    ArticleExpert,
    Conference,
    Department,
    Expert,
    MediaLink,
    Source,
    Topic,
)

admin.site.site_header = "Newsroom administration"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "Newsroom"
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


# Many-to-many fields whose link table has a model of its own with nothing but the two keys
# (ArticleDepartment, for its index): the form sets them as it would an automatic link table.
LINKED_THROUGH_OWN_MODEL = ("departments",)


class ArticleAdminChecks(ModelAdminChecks):
    """The admin refuses a many-to-many field with a link model of its own in a form, since such
    a model may need more than the two keys; these only have the keys."""

    def _check_field_spec_item(self, obj, field_name, label):
        if field_name in LINKED_THROUGH_OWN_MODEL:
            return []
        return super()._check_field_spec_item(obj, field_name, label)


def editorial_action(operation, description, done_message):
    """An admin action for editors: `operation(article, user)` on each selected article, each
    refusal reported with its reason (see ArticleAdmin._apply)."""

    @admin.action(permissions=["publish"], description=description)
    def action(model_admin, request, queryset):
        model_admin._apply(
            request, queryset, lambda article: operation(article, request.user), done_message
        )

    return action


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """Articles with their revisions: every save through the admin is kept (django-reversion),
    and the history page compares two revisions and restores one."""

    checks_class = ArticleAdminChecks
    form = ArticleAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "status", "published_at", "source", "is_featured", "updated_by"]
    list_filter = ["status", "is_featured", "departments", "tags", "source", "published_at"]
    list_select_related = ["source", "updated_by"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source", "conferences", "departments"]
    inlines = [ArticleExpertInline, MediaLinkInline]
    actions = ["publish_selected", "withdraw_selected", "feature_selected", "unfeature_selected"]
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    readonly_fields = [
        "publication_record",
        "created_by",
        "created_at",
        "published_by",
        "first_published_at",
        "updated_by",
        "updated_at",
        "withdrawn_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "opened_edit_token"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication_record",
                    "status",
                    "published_at",
                    "is_featured",
                    "byline",
                    "language",
                ]
            },
        ),
        ("Origin", {"fields": ["source", "original_url"]}),
        ("Classification", {"fields": ["departments", "conferences", "tags"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("History", {"fields": readonly_fields[1:], "classes": ["collapse"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in LINKED_THROUGH_OWN_MODEL:
            # Django's own would leave the field out; the same autocomplete as for the others.
            widget = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            return db_field.formfield(**{"widget": widget, **kwargs})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        # The text editor's import map is an inline script: it carries the CSP nonce of the page.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not services.can_publish(request.user):
            fields += ["published_at", "is_featured"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.was_ever_published:
            return {}
        return {"slug": ["title"]}

    def view_on_site(self, obj):
        """The public page once it is public; until then the staff preview."""
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("articles:article-preview", kwargs={"pk": obj.pk})

    @admin.display(description="Record")
    def publication_record(self, obj):
        return " · ".join(publication_record(obj)) or "Not yet saved."

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        services.record_editor(obj, request.user, form.initial.get("status"))
        super().save_model(request, obj, form, change)

    # Revisions: history with comparison, restore, and recovery of deleted articles.

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self.has_delete_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        versions = list(revisions.history(article)) if article else []
        context = {"versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        versions = revisions.history(article)
        try:
            chosen = [versions.get(pk=int(request.GET[key])) for key in ("old", "new")]
        except (KeyError, ValueError, Version.DoesNotExist):
            messages.error(request, "Choose two revisions to compare.")
            return redirect("admin:articles_article_history", article.pk)
        old, new = sorted(chosen, key=lambda version: version.revision.date_created)
        return self._render(
            request,
            "compare_revisions.html",
            f"Compare revisions of “{article}”",
            article=article,
            old=old,
            new=new,
            changes=revisions.compare(old, new),
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self._editable_article(request, object_id)
        version = get_object_or_404(revisions.history(article), pk=version_id)
        latest = revisions.history(article).first()
        return self._restore_view(
            request, version, article, revisions.restore_preview(latest, version)
        )

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(Article), pk=version_id)
        return self._restore_view(request, version, None, revisions.recover_preview(version))

    def _editable_article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise Http404("No article you may change has this number.")
        return article

    def _restore_view(self, request, version, article, lines):
        if request.method == "POST":
            try:
                restored = revisions.restore_revision(version, request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                verb = (
                    "restored to the revision of" if article else "recovered from the revision of"
                )
                when = date_format(localtime(version.revision.date_created), "j F Y, H:i")
                messages.success(request, f"“{restored}” was {verb} {when}.")
                return redirect("admin:articles_article_change", restored.pk)
        title = f"Restore “{article}”" if article else f"Recover “{version.object_repr}”"
        return self._render(
            request, "restore_revision.html", title, article=article, version=version, lines=lines
        )

    def _render(self, request, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    # Actions

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

    publish_selected = editorial_action(
        services.publish,
        "Publish (or restore) selected articles",
        "{count} article(s) published or scheduled.",
    )
    withdraw_selected = editorial_action(
        services.withdraw, "Withdraw selected articles", "{count} article(s) withdrawn."
    )
    feature_selected = editorial_action(
        lambda article, user: services.set_featured(article, user, True),
        "Feature selected articles",
        "{count} article(s) featured.",
    )
    unfeature_selected = editorial_action(
        lambda article, user: services.set_featured(article, user, False),
        "Stop featuring selected articles",
        "{count} article(s) no longer featured.",
    )


def publication_record(article):
    """Who published the article and when, and who changed it last, for the admin."""
    record = []
    publisher = (
        f" by {services.display_name(article.published_by)}" if article.published_by_id else ""
    )
    if article.is_scheduled:
        record.append(f"Scheduled{publisher} to go public on {_when(article.published_at)}")
    elif article.status == Article.Status.PUBLISHED and article.published_at:
        record.append(f"Published{publisher} on {_when(article.published_at)}")
    elif article.status == Article.Status.WITHDRAWN and article.withdrawn_at:
        record.append(f"Withdrawn on {_when(article.withdrawn_at)}")
    if article.updated_at:
        editor = f" by {services.display_name(article.updated_by)}" if article.updated_by_id else ""
        record.append(f"Last changed{editor} on {_when(article.updated_at)}")
    return record


def _when(moment):
    return date_format(localtime(moment), "j F Y, H:i")
