"""The site's own small pages: health checks, robots.txt and the error pages."""

import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEALTH_KEY = "newsroom:health"
# Seconds a client or load balancer is asked to wait before retrying during a database outage.
OUTAGE_RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def liveness(request):
    """The process answers: a load balancer restarts an instance that stops answering this."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readiness(request):
    """Ready for traffic when the database answers. The cache is reported too, but pages are
    served without it (newsroom/cache.py), so an unreachable cache does not take the instance
    out of service."""
    database = database_state()
    ready = database == "ok"
    return JsonResponse(
        {"status": "ok" if ready else "error", "database": database, "cache": cache_state()},
        status=200 if ready else 503,
    )


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return "ok"


def cache_state():
    token = uuid.uuid4().hex
    cache.set(HEALTH_KEY, token, timeout=10)
    return "ok" if cache.get(HEALTH_KEY) == token else "unreachable"


@require_safe
def favicon(request):
    """Browsers ask /favicon.ico of every site whatever its pages name: the newsroom's logo."""
    return HttpResponsePermanentRedirect(static("img/logo.png"))


@require_safe
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "sitemap_url": request.build_absolute_uri(reverse("sitemap-index")),
            "news_sitemap_url": request.build_absolute_uri(reverse("sitemap-news")),
        },
        content_type="text/plain; charset=utf-8",
    )


def server_error(request):
    """handler500: a database that cannot be reached is an outage (503, try again shortly), not
    a fault of the page. Rendered without a context, as Django's own handler: the database may
    be what failed."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
