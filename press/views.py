"""The press room's pages: applying, confirming the address, signing in, the embargoed stories
open now and each story. Every answer is private (`private, no-store`, `noindex`), and every
page past the sign-in asks, on each request, whether the journalist is still approved."""

import csv
import functools
from datetime import UTC

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from articles.models import Article
from articles.services import when

from . import access, services
from .forms import ApplicationForm, JournalistSignInForm
from .models import PressAccess

RECENT_PUBLIC = 10


def private(view):
    """Never stored by a browser or proxy, never indexed."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return answer


def for_approved_journalists(view):
    """Only an approved journalist gets past: anyone else is sent to the sign-in, and a
    journalist whose access was revoked is signed out by their next request."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        journalist = getattr(user, "journalist", None) if user.is_authenticated else None
        if journalist is None or not journalist.is_approved:
            if user.is_authenticated and not user.is_staff:
                logout(request)
            return redirect_to_login(request.get_full_path(), reverse("press:login"))
        request.journalist = journalist
        return view(request, *args, **kwargs)

    return private(guarded)


class ApplyView(FormView):
    template_name = "press/apply.html"
    form_class = ApplicationForm

    def form_valid(self, form):
        if not form.is_robot:
            register(form)
        # The same answer whether the address was new or known: nobody learns who applied.
        return redirect("press:check-your-inbox")


apply = private(ApplyView.as_view())


def register(form):
    data = form.cleaned_data
    users = get_user_model().objects
    try:
        with transaction.atomic():
            user = users.create_user(
                username=data["email"], email=data["email"], password=data["password1"]
            )
            journalist = form.save(commit=False)
            journalist.user = user
            journalist.save()
    except IntegrityError:
        return None  # an account with this address exists: its owner can sign in
    services.send_verification(journalist)
    return journalist


@private
@require_safe
def check_your_inbox(request):
    return render(request, "press/check_your_inbox.html")


@private
@require_safe
def verify(request, token):
    journalist = services.read_verification(token)
    if journalist is None:
        return render(request, "press/link_not_valid.html", status=404)
    services.verify(journalist)
    return render(request, "press/verified.html", {"journalist": journalist})


class SignInView(auth_views.LoginView):
    template_name = "press/sign_in.html"
    authentication_form = JournalistSignInForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("press:home")


sign_in = private(SignInView.as_view())


class SignOutView(auth_views.LogoutView):
    def get_success_url(self):
        messages.success(self.request, "You are signed out of the press room.")
        return reverse("press:login")


sign_out = private(SignOutView.as_view())


@for_approved_journalists
@require_safe
def home(request):
    embargoed = Article.objects.embargoed().with_cards().order_by("published_at", "pk")
    recent = Article.objects.published().with_cards()[:RECENT_PUBLIC]
    return render(
        request,
        "press/home.html",
        {"embargoed": list(embargoed), "recent": recent, "journalist": request.journalist},
    )


@for_approved_journalists
@require_safe
def story(request, pk):
    article = Article.objects.visible_to_press().with_details().filter(pk=pk).first()
    if article is None:
        raise Http404("No story of the press room has this number.")
    access.record(request.journalist, article, PressAccess.Kind.READ)
    return render(request, "press/story.html", {"article": article, "embargo": embargo(article)})


LOG_SHOWN = 200


@for_approved_journalists
@require_safe
def my_access_log(request):
    """What the access log holds of this journalist: the page, or all of it as CSV."""
    entries = request.journalist.accesses.select_related("article")
    if request.GET.get("format") == "csv":
        return access_log_csv(entries)
    return render(
        request, "press/access_log.html", {"entries": entries[:LOG_SHOWN], "shown": LOG_SHOWN}
    )


def access_log_csv(entries):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="press-room-access-log.csv"'
    writer = csv.writer(response)
    writer.writerow(["time (UTC)", "what", "story", "under embargo"])
    for entry in entries.iterator():
        title = entry.article.title if entry.article else ""
        writer.writerow([entry.at.isoformat(), entry.get_kind_display(), title, entry.embargoed])
    return response


def embargo(article):
    """What the banner says of an embargoed story: its lift in the newsroom's zone and UTC."""
    if not article.is_embargoed:
        return None
    local = timezone.localtime(article.published_at)
    zone = local.strftime("%Z")
    # In UTC as well, unless the newsroom's zone is UTC itself.
    utc = "" if zone == "UTC" else date_format(article.published_at.astimezone(UTC), "j F Y, H:i")
    return {"local": when(local), "zone": zone, "utc": utc}
