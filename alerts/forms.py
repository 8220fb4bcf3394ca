from django import forms

from .models import Subscriber


class ChoicesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    follow = ChoicesField(
        label="Send me news about",
        error_messages={"required": "Choose at least one thing to get alerts about."},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.IMMEDIATELY,
        widget=forms.RadioSelect,
    )
    # Left empty by people (hidden from them, and from screen readers); robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow"].choices = list(choices.items())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(forms.Form):
    follow = ChoicesField(
        label="You get news about",
        required=False,
        help_text="Untick what you no longer want. To add a topic, an expert, a conference or a "
        "department, use “Get email alerts” on its page.",
    )
    frequency = forms.ChoiceField(
        label="How often", choices=Subscriber.Frequency.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow"].choices = list(choices.items())


class FreshLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
