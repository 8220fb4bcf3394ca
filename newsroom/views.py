"""The site's own small pages: the health check and robots.txt."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "admin_path": "/" + settings.ADMIN_URL,
            "sitemap_url": request.build_absolute_uri(reverse("sitemap-index")),
            "news_sitemap_url": request.build_absolute_uri(reverse("sitemap-news")),
        },
        content_type="text/plain; charset=utf-8",
    )
