"""The article admin: the form with buttons that say what they do (the domain's actions,
articles/services.py), the list with the state a person reads, bulk actions through the same
rule, and every save kept as a revision (articles/revision_admin.py)."""

from django.contrib import admin, messages
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from js_asset.media import Media
from reversion import set_comment
from reversion.admin import VersionAdmin

from . import services
from .forms import HTTPS_URL_FIELDS, ArticleAdminForm
from .models import Article, ArticleExpert, MediaLink
from .revision_admin import RevisionViewsMixin

State = Article.State


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


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        return queryset.in_state(self.value()) if self.value() in State.values else queryset


def editorial_action(operation, description, done_message):
    """An admin action for editors: `operation(article, user)` on each selected article, each
    refusal reported with its reason (see ArticleAdmin._apply)."""

    @admin.action(permissions=["publish"], description=description)
    def action(model_admin, request, queryset):
        model_admin._apply(
            request, queryset, lambda article: operation(article, request.user), done_message
        )

    return action


class ArticleAdmin(RevisionViewsMixin, VersionAdmin):
    """Articles with their revisions: every save through the admin is kept (django-reversion),
    and the history page compares two revisions and restores one."""

    checks_class = ArticleAdminChecks
    form = ArticleAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "state", "published_at", "source", "is_featured"]
    list_filter = [StateFilter, "is_featured", "departments", "tags", "source", "published_at"]
    list_select_related = ["source"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["source", "conferences", "departments", "press_contact"]
    inlines = [ArticleExpertInline, MediaLinkInline]
    actions = ["publish_selected", "withdraw_selected", "feature_selected", "unfeature_selected"]
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    readonly_fields = [
        "publication_record",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "published_by",
        "first_published_at",
        "updated_by",
        "updated_at",
        "content_changed_at",
        "withdrawn_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "opened_edit_token"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication_record",
                    "published_at",
                    "press_access_at",
                    "is_featured",
                    "byline",
                    "language",
                ]
            },
        ),
        ("Origin and media enquiries", {"fields": ["source", "original_url", "press_contact"]}),
        ("Classification", {"fields": ["departments", "conferences", "tags"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("History", {"fields": readonly_fields[1:], "classes": ["collapse"]}),
    ]

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        state = obj.state
        if state == State.SCHEDULED:
            return format_html(
                '<span class="state state-{}">{} · {}</span>',
                state,
                state.label,
                services.when(obj.published_at),
            )
        return format_html('<span class="state state-{}">{}</span>', state, state.label)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in LINKED_THROUGH_OWN_MODEL:
            # Django's own would leave the field out; the same autocomplete as for the others.
            widget = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            return db_field.formfield(**{"widget": widget, **kwargs})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The text editor's import map is an inline script: it carries the CSP nonce of the page.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        context.update(self.desk_context(request, obj))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def desk_context(self, request, obj):
        """The buttons the form offers, and the review notes the author should read."""
        article = obj or Article()
        offered = services.available_actions(article, request.user)
        return {
            "desk_actions": [
                {"name": action.name, "label": services.label_of(article, action)}
                for action in offered
            ],
            "desk_state": services.stored_state(article),
            "desk_embargo": services.embargo_line(article) if obj else "",
            "review_notes": list(obj.review_notes.select_related("written_by")[:10]) if obj else [],
        }

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not services.can_publish(request.user):
            fields += ["published_at", "press_access_at", "is_featured"]
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
        """The button pressed, through the domain's rule (already checked by the form)."""
        if not change:
            obj.created_by = request.user
        form.action = services.perform(
            obj,
            request.user,
            form.action.name,
            at=form.cleaned_data.get("schedule_at"),
            note=form.cleaned_data.get("review_note", ""),
        )

    def log_addition(self, request, obj, message):
        return self._comment_with_action(request, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self._comment_with_action(request, super().log_change(request, obj, message))

    def _comment_with_action(self, request, entry):
        # The revision says what was done (the action, a return's note), then what changed.
        action = getattr(request, "article_action_comment", None)
        if action:
            end = "" if action.endswith((".", "!", "?")) else "."
            set_comment(f"{action}{end} {entry.get_change_message()}")
        return entry

    def save_form(self, request, form, change):
        article = super().save_form(request, form, change)
        note = form.cleaned_data.get("review_note", "") if form.action.name == "return" else ""
        request.article_action, request.article_action_comment = (
            form.action,
            form.action.comment(note),
        )
        return article

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_the_form(request, obj)

    def response_change(self, request, obj):
        return self._back_to_the_form(request, obj)

    def _back_to_the_form(self, request, obj):
        """After any action the form opens again, saying what was done: the desk stays where
        the article is."""
        action = getattr(request, "article_action", None)
        done = action.done if action else "saved"
        self.message_user(request, f"“{obj}”: {done}.", messages.SUCCESS)
        return redirect("admin:articles_article_change", obj.pk)

    # Actions

    def _apply(self, request, queryset, operation, done_message):
        done = 0
        for article in queryset:
            try:
                operation(article)
            except PermissionDenied as refusal:
                self.message_user(
                    request, f"“{article}” was not changed: {refusal}", messages.ERROR
                )
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
        record.append(f"Scheduled{publisher} to go public on {services.when(article.published_at)}")
        if embargo := services.embargo_line(article):
            record.append(embargo)
    elif article.status == Article.Status.PUBLISHED and article.published_at:
        record.append(f"Published{publisher} on {services.when(article.published_at)}")
    elif article.status == Article.Status.WITHDRAWN and article.withdrawn_at:
        record.append(f"Withdrawn on {services.when(article.withdrawn_at)}")
    elif article.status == Article.Status.IN_REVIEW and article.submitted_at:
        submitter = services.display_name(article.submitted_by)
        record.append(
            f"Submitted for review by {submitter} on {services.when(article.submitted_at)}"
        )
    if article.updated_at:
        editor = f" by {services.display_name(article.updated_by)}" if article.updated_by_id else ""
        record.append(f"Last changed{editor} on {services.when(article.updated_at)}")
    return record
