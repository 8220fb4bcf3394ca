"""Applications in the admin: filters by status, and approve, reject (with the reason typed in
the form) and revoke, each mailed to the journalist (press/services.py)."""

from django.contrib import admin, messages
from django.shortcuts import redirect

from articles.forms import HTTPS_URL_FIELDS

from . import services
from .models import Journalist, PressAccess

DECISIONS = {
    "_approve": ("approve", "approved"),
    "_reject": ("reject", "rejected"),
    "_revoke": ("revoke", "revoked"),
}


@admin.register(Journalist)
class JournalistAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet", "role", "email", "status", "applied_at", "decided_at"]
    list_filter = ["status", "wants_embargo_alerts"]
    list_select_related = ["user"]
    search_fields = ["name", "outlet", "user__email"]
    readonly_fields = ["email", "status", "applied_at", "verified_at", "decided_at", "decided_by"]
    fields = [
        ("name", "email"),
        ("outlet", "role"),
        ("phone", "work_url"),
        "wants_embargo_alerts",
        ("status", "applied_at", "verified_at"),
        ("decided_at", "decided_by"),
        "reason",
    ]
    actions = ["approve_selected", "revoke_selected"]
    change_form_template = "admin/press/journalist/change_form.html"
    formfield_overrides = HTTPS_URL_FIELDS

    def has_add_permission(self, request):
        return False  # journalists apply at /press/register/

    @admin.display(description="work email", ordering="user__email")
    def email(self, obj):
        return obj.email

    def response_change(self, request, obj):
        for button, (operation, done) in DECISIONS.items():
            if button in request.POST:
                return self._decide(request, obj, operation, done)
        return super().response_change(request, obj)

    def _decide(self, request, journalist, operation, done):
        reason = journalist.reason.strip()
        if operation == "reject" and not reason:
            messages.error(request, "Write the reason for the rejection: it is sent to them.")
        else:
            getattr(services, operation)(journalist, request.user, reason)
            messages.success(request, f"{journalist} was {done}; they are told by email.")
        return redirect("admin:press_journalist_change", journalist.pk)

    @admin.action(description="Approve selected applications")
    def approve_selected(self, request, queryset):
        for journalist in queryset.exclude(status=Journalist.Status.APPROVED):
            services.approve(journalist, request.user)
        messages.success(request, "Approved; each is told by email.")

    @admin.action(description="Revoke access of selected journalists")
    def revoke_selected(self, request, queryset):
        for journalist in queryset.filter(status=Journalist.Status.APPROVED):
            services.revoke(journalist, request.user)
        messages.success(request, "Access revoked at once; each is told by email.")


@admin.register(PressAccess)
class PressAccessAdmin(admin.ModelAdmin):
    """The access log, by story or by journalist: who read or downloaded what, and when."""

    list_display = ["at", "journalist", "kind", "article", "embargoed"]
    list_filter = ["kind", "embargoed", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["journalist", "article"]
    search_fields = ["journalist__name", "journalist__outlet", "article__title"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
