from django import forms
from django.db import models

from .models import Article, Expert
from .services import can_publish, statuses_allowed_for
from .validators import normalize_orcid

# Editors paste addresses without a scheme ("hospital.example"); assume the secure one.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def formfield_with_https_urls(db_field, **kwargs):
    return db_field.formfield(**{**HTTPS_URL_FIELDS.get(type(db_field), {}), **kwargs})


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form. `user` is set by ArticleAdmin so the status rule is enforced here,
    on the server, whatever a crafted POST contains."""

    user = None

    class Meta:
        model = Article
        fields = "__all__"
        formfield_callback = formfield_with_https_urls
        widgets = {
            "title": forms.TextInput(attrs={"class": "vTextField", "size": 80}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.user is not None and not can_publish(self.user):
            allowed = statuses_allowed_for(self.user)
            status.choices = [(v, label) for v, label in status.choices if v in allowed]
            status.error_messages["invalid_choice"] = (
                "Only editors can publish or withdraw an article. "
                "Set the status to “In review” to submit it to an editor."
            )


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
