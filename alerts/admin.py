from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q

from .models import CorrectionNotice, Delivery, Subscriber
from .sending import send_correction


class ConfirmedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("receiving", "Receiving alerts"),
            ("waiting", "Waiting for confirmation"),
            ("unsubscribed", "Unsubscribed"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "receiving":
                return queryset.receiving()
            case "waiting":
                return queryset.filter(confirmed_at__isnull=True)
            case "unsubscribed":
                return queryset.filter(unsubscribed_at__isnull=False)
        return queryset


class SeenNotEditedAdmin(admin.ModelAdmin):
    """Editors see these rows; only the alerts themselves write them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(SeenNotEditedAdmin):
    """Seen, not edited: an address changes its own choices through its signed links."""

    list_display = ["email", "frequency", "everything", "confirmed_at", "unsubscribed_at"]
    list_filter = [ConfirmedFilter, "frequency"]
    search_fields = ["email"]
    fields = [
        "email",
        "frequency",
        "everything",
        "topics",
        "experts",
        "conferences",
        "departments",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "last_digest_at",
    ]
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(SeenNotEditedAdmin):
    list_display = ["article", "subscriber", "correction", "status", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["article", "subscriber", "correction"]
    search_fields = ["subscriber__email", "article__title"]
    readonly_fields = ["article", "subscriber", "correction", "status", "created_at", "sent_at"]


@admin.register(CorrectionNotice)
class CorrectionNoticeAdmin(admin.ModelAdmin):
    """An editor sends a correction of a public article to those its alert went to: saving the
    notice sends it (from the task worker)."""

    list_display = ["article", "created_at", "created_by", "recipients"]
    list_select_related = ["article", "created_by"]
    autocomplete_fields = ["article"]
    fields = ["article", "note"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        article = form.base_fields["article"].widget
        # A correction is of a story that exists: no adding or editing one from here.
        article.can_add_related = article.can_change_related = article.can_delete_related = False
        return form

    def get_queryset(self, request):
        sent = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT))
        return super().get_queryset(request).annotate(sent=sent)

    @admin.display(description="sent to", ordering="sent")
    def recipients(self, notice):
        return notice.sent

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            send_correction.enqueue(obj.pk)
        messages.info(request, "The correction is on its way to the story's alert recipients.")
