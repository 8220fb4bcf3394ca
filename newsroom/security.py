"""Small pieces of the security setup that settings cannot express by themselves."""

from django.conf import settings
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
