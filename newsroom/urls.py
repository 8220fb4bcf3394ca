from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import SITEMAPS

from .sitemaps import news_sitemap, sitemap_section
from .views import favicon, liveness, readiness, robots_txt

handler500 = "newsroom.views.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", readiness, name="healthz"),
    path("healthz/live", liveness, name="healthz-live"),
    path("healthz/ready", readiness, name="healthz-ready"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("", include("alerts.urls")),
    path("", include("desk.urls")),
    path("", include("press.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
