"""Small pieces of the security setup that settings cannot express by themselves."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render


def client_ip(request):
    """The address login attempts are counted against (django-axes).

    Behind the TLS proxy every request comes from the proxy, so the client is the address the proxy
    appended last to X-Forwarded-For; anything before it was sent by the client and is not trusted.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: what happened, and for how long (django-axes)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "admin/locked_out.html", {"minutes": minutes}, status=429)


READ_METHODS = frozenset({"GET", "HEAD"})


def allowed_methods(view):
    """The HTTP methods a view answers: a class-based view's handlers, else GET and HEAD."""
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return READ_METHODS
    methods = {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
    return frozenset(methods | ({"HEAD"} if "GET" in methods else set()))


def is_admin(request):
    return request.path.startswith("/" + settings.ADMIN_URL)


class PublicMethodsMiddleware:
    """The public site is read with GET and HEAD: any other method gets 405 with the methods it
    may use, before the CSRF check would answer a confusing 403, and feeds no longer answer
    TRACE. The admin keeps its own rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if is_admin(request):
            return None
        allowed = allowed_methods(view)
        if request.method not in allowed:
            return HttpResponseNotAllowed(sorted(allowed))
        return None


class AdminNoIndexMiddleware:
    """Search engines are told not to index the admin by a header on its answers, not by naming
    its address in robots.txt, which would show anyone where a custom ADMIN_URL is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
