from django import forms

from .models import Article
from .services import can_publish, statuses_allowed_for


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form. `user` is set by ArticleAdmin so the status rule is enforced here,
    on the server, whatever a crafted POST contains."""

    user = None

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
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

