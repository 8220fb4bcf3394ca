"""The journalist's forms: the application, and signing in (approved journalists only)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from articles.forms import formfield_with_https_urls

from .models import Journalist

SIGN_IN_REFUSALS = {
    Journalist.Status.UNVERIFIED: "Confirm your email first: follow the link we sent you.",
    Journalist.Status.PENDING: "Your application is waiting for the press office: they will "
    "email you when they have decided.",
    Journalist.Status.REJECTED: "This account has no press room access.",
    Journalist.Status.REVOKED: "This account has no press room access.",
}


class ApplicationForm(forms.ModelForm):
    email = forms.EmailField(label="Work email", help_text="Your address at the outlet.")
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)
    # Left empty by people; robots fill every field (hidden from view and from screen readers).
    website = forms.CharField(required=False, label="Leave this empty")

    class Meta:
        model = Journalist
        fields = ["name", "outlet", "role", "email", "phone", "work_url", "wants_embargo_alerts"]
        formfield_callback = formfield_with_https_urls

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            user = get_user_model()(username=cleaned.get("email", ""), email=cleaned.get("email"))
            try:
                validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    @property
    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


class JournalistSignInForm(AuthenticationForm):
    """Django's sign-in (django-axes locks out repeated failures, as for staff), for approved
    journalists only: staff sign in at the desk, and a pending or revoked journalist is told."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        journalist = getattr(user, "journalist", None)
        if user.is_staff or journalist is None:
            raise ValidationError(
                "This is the journalists' sign-in; staff sign in to the desk.", code="staff"
            )
        if journalist.status != Journalist.Status.APPROVED:
            raise ValidationError(SIGN_IN_REFUSALS[journalist.status], code=journalist.status)
