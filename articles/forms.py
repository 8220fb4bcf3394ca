from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime

from . import services
from .models import Article, Expert, Topic
from .validators import normalize_orcid

# Editors paste addresses without a scheme ("hospital.example"); assume the secure one.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def formfield_with_https_urls(db_field, **kwargs):
    return db_field.formfield(**{**HTTPS_URL_FIELDS.get(type(db_field), {}), **kwargs})


class ScheduleWidget(AdminSplitDateTime):
    """The admin's date and time inputs, each named for assistive technology (the admin's own
    split widget labels only the pair)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        for widget, name in zip(self.widgets, ("Date", "Time"), strict=True):
            widget.attrs["aria-label"] = f"{name} it goes public"


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form. `user` is set by ArticleAdmin. The button pressed (`_action`)
    says what happens to the article; the domain's rule (services.check) decides here, on the
    server, whether this user may take it now, whatever a crafted POST contains, and what the
    article lacks for it: every refusal comes back in the form, with nothing lost.

    The form carries the article's edit token from when it was opened. If someone saved the article
    since, the save is refused and the form comes back with this editor's text (no lost update).
    """

    user = None
    opened_edit_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    schedule_at = forms.SplitDateTimeField(
        label="Go public on",
        required=False,
        widget=ScheduleWidget,
        help_text="The newsroom's time zone.",
    )
    review_note = forms.CharField(
        label="Note for the author",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="What should change before the article can be published.",
    )

    class Meta:
        model = Article
        fields = "__all__"
        formfield_callback = formfield_with_https_urls
        widgets = {
            "title": forms.TextInput(attrs={"class": "vTextField headline-input", "size": 80}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = None
        if self.instance.pk:
            self.fields["opened_edit_token"].initial = self.instance.edit_token
        tags = self.fields.get("tags")
        if tags is not None and not self.may_add_topics:
            tags.help_text = "Existing topics, separated by commas; an editor can add new ones."

    @property
    def may_add_topics(self):
        return self.user is None or self.user.has_perm("articles.add_topic")

    def clean_tags(self):
        """Contributors pick existing topics; only those who may add topics create them by
        typing a new name (taggit would create any name typed)."""
        names = self.cleaned_data["tags"]
        if self.may_add_topics:
            return names
        known = set(Topic.objects.filter(name__in=names).values_list("name", flat=True))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValidationError(unknown_topics_message(unknown), code="unknown_topic")
        return names

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_outdated_copy(cleaned_data.get("opened_edit_token"))
        return cleaned_data

    def chosen_action_name(self):
        """The button pressed; a form sent without one (the Enter key in some browsers, a
        script) takes the first action offered, which never publishes."""
        name = self.data.get("_action")
        if name:
            return name
        offered = services.available_actions(self.instance, self.user)
        return offered[0].name if offered else ""

    def _refuse_unused_panel(self, name):
        """A time or a note typed in a panel, then another button (or Enter) pressed: say so
        rather than drop what was typed."""
        unused = {
            "schedule_at": (self.cleaned_data.get("schedule_at"), "schedule", "Schedule"),
            "review_note": (self.cleaned_data.get("review_note"), "return", "Return to author"),
        }
        refused = False
        for field, (value, action, button) in unused.items():
            if value and name != action:
                self.add_error(field, f"Press “{button}” to use this, or clear it.")
                refused = True
        return refused

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what the form says
        if self.errors or self.user is None:
            return
        name = self.chosen_action_name()
        try:
            services.require_action(self.instance, self.user, name)  # who may, before what
            if self._refuse_unused_panel(name):
                return
            self.action = services.check(
                self.instance,
                self.user,
                name,
                at=self.cleaned_data.get("schedule_at"),
                note=self.cleaned_data.get("review_note", ""),
            )
        except PermissionDenied as refusal:
            self.add_error(None, str(refusal))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)

    def _refuse_outdated_copy(self, opened_token):
        # The admin validates inside its transaction: the lock holds until this save commits, so
        # two saves of the same article are checked one after the other.
        stored = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .only("edit_token", "updated_by", "updated_at")
            .first()
        )
        if stored is None or stored.edit_token == opened_token:
            return
        # Saving again from this form now replaces their version on purpose (it stays in History).
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_edit_token")] = str(stored.edit_token)
        who = services.display_name(stored.updated_by) if stored.updated_by_id else "Someone"
        when = date_format(localtime(stored.updated_at), "H:i \\o\\n j F Y")
        raise ValidationError(
            f"Not saved: {who} saved this article at {when}, after you opened it. Your changes "
            "are still in this form. Open the article’s History to see what they changed; "
            "press Save again to replace their version with yours (theirs stays in the History).",
            code="edited_meanwhile",
        )


def unknown_topics_message(names):
    quoted = ", ".join(f"“{name}”" for name in names)
    message = f"Not a topic yet: {quoted}. Pick existing topics; an editor can add new ones."
    same_letters = Q()
    for name in names:
        same_letters |= Q(name__iexact=name)
    if similar := list(Topic.objects.filter(same_letters).values_list("name", flat=True)):
        message += " Did you mean " + ", ".join(f"“{name}”" for name in similar) + "?"
    return message


class ExpertAdminForm(forms.ModelForm):
    # Wider than the stored iD so that a pasted orcid.org link can be normalised first.
    orcid = forms.CharField(
        label="ORCID iD",
        required=False,
        max_length=60,
        help_text=Expert._meta.get_field("orcid").help_text,
    )

    class Meta:
        model = Expert
        fields = "__all__"
        formfield_callback = formfield_with_https_urls

    def clean_orcid(self):
        return normalize_orcid(self.cleaned_data["orcid"])
