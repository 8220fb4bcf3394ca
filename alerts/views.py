"""The pages of email alerts. None is cached (they carry forms, and links meant for one
person), and every answer to a sign-up is the same whether or not the address is known."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from . import interests, signup
from .forms import FreshLinkForm, PreferencesForm, SubscribeForm
from .tokens import (
    LinkExpired,
    LinkInvalid,
    read_confirmation,
    read_subscriber,
    subscriber_token,
)


def requested_choices(query):
    """The whole newsroom, and the rows a "Get email alerts" link names (`?topic=car-t`)."""
    choices = [interests.EVERYTHING]
    for key, kind in interests.KINDS.items():
        slugs = query.getlist(key)[:20]
        if slugs:
            rows = kind.public_rows().filter(slug__in=slugs)
            choices += [f"{key}:{pk}" for pk in rows.values_list("pk", flat=True)]
    return interests.public_choices(choices)


@method_decorator(never_cache, name="dispatch")
class SubscribeView(FormView):
    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm

    @cached_property
    def offered(self):
        """The whole newsroom, and what the link named (or the form sent back); a choice
        nobody may follow (made up, or no longer public) is not offered, so it is refused."""
        if self.request.method == "POST":
            posted = self.request.POST.getlist("follow")[:40]
            return interests.public_choices([interests.EVERYTHING, *posted])
        return requested_choices(self.request.GET)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": self.offered}

    def get_initial(self):
        named = [choice for choice in self.offered if choice != interests.EVERYTHING]
        return {"follow": named or [interests.EVERYTHING]}

    def form_valid(self, form):
        if signup.too_many_from(self.request):
            return render(self.request, "alerts/too_many.html", status=429)
        if not form.is_robot:
            data = form.cleaned_data
            signup.sign_up(data["email"], data["follow"], data["frequency"])
        return redirect("alerts:check-inbox")


class CheckInboxView(TemplateView):
    template_name = "alerts/check_inbox.html"


def link_problem(request, expired):
    """An old or broken link: say so, and offer a fresh one by email."""
    return render(
        request,
        "alerts/link_problem.html",
        {"expired": expired, "form": FreshLinkForm()},
        status=410 if expired else 404,
    )


class SignedLinkView(View):
    """A view of one signed link; `read` turns the token into what the link is for."""

    read = staticmethod(read_subscriber)

    def dispatch(self, request, token, **kwargs):
        try:
            self.target = self.read(token)
        except LinkExpired:
            return link_problem(request, expired=True)
        except LinkInvalid:
            return link_problem(request, expired=False)
        self.token = token
        return super().dispatch(request, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(SignedLinkView):
    """The link of the confirmation email shows a button: a mail scanner that follows links
    must not subscribe anybody."""

    read = staticmethod(read_confirmation)

    def get(self, request):
        email, choices, frequency = self.target
        return render(
            request,
            "alerts/confirm.html",
            {"email": email, "labels": interests.public_choices(choices).values()},
        )

    def post(self, request):
        subscriber = signup.confirm(*self.target)
        return preferences_redirect(subscriber, "confirmed")


def preferences_redirect(subscriber, done):
    path = reverse("alerts:preferences", kwargs={"token": subscriber_token(subscriber)})
    return redirect(f"{path}?done={done}")


DONE_MESSAGES = {
    "confirmed": "Your email alerts are on. You can change them here at any time.",
    "saved": "Your choices are saved.",
}


@method_decorator(never_cache, name="dispatch")
class PreferencesView(SignedLinkView):
    def form(self, data=None):
        subscriber = self.target
        followed = interests.choices_of(subscriber)
        return PreferencesForm(
            data,
            choices=followed,
            initial={"follow": list(followed), "frequency": subscriber.frequency},
        )

    def page(self, form, status=200):
        context = {
            "subscriber": self.target,
            "form": form,
            "token": self.token,
            "done": DONE_MESSAGES.get(self.request.GET.get("done", "")),
        }
        return render(self.request, "alerts/preferences.html", context, status=status)

    def get(self, request):
        return self.page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        signup.change(self.target, form.cleaned_data["follow"], form.cleaned_data["frequency"])
        return preferences_redirect(self.target, "saved")


@method_decorator(never_cache, name="dispatch")
class ForgetView(SignedLinkView):
    """Delete all my data: asked for on the preferences page, done here."""

    def get(self, request):
        return render(
            request, "alerts/forget.html", {"subscriber": self.target, "token": self.token}
        )

    def post(self, request):
        email = self.target.email
        signup.forget(self.target)
        return render(request, "alerts/forgotten.html", {"email": email})


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class UnsubscribeView(SignedLinkView):
    """GET asks; POST unsubscribes. A mail client's one-click POST (RFC 8058) carries
    `List-Unsubscribe=One-Click` and no CSRF token: the signed link is the proof."""

    def get(self, request):
        return render(
            request, "alerts/unsubscribe.html", {"subscriber": self.target, "token": self.token}
        )

    def post(self, request):
        signup.unsubscribe(self.target)
        return render(
            request, "alerts/unsubscribed.html", {"subscriber": self.target, "token": self.token}
        )


@method_decorator(never_cache, name="dispatch")
class FreshLinkView(FormView):
    template_name = "alerts/fresh_link.html"
    form_class = FreshLinkForm

    def form_valid(self, form):
        signup.send_fresh_link(form.cleaned_data["email"])
        return redirect("alerts:check-inbox")
