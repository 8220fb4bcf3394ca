"""The sitemap index, its sections (one per public model: articles.sitemaps) and a Google News
sitemap of the last two days, all from `published()`.

A section's page lists up to a thousand addresses, so its XML is written as a string: through
the template engine, those thousand entries cost more than the query. tests/site/test_sitemaps.py
checks that the result equals what Django's own sitemap view writes.
"""

from datetime import timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.sitemaps import SITEMAPS

NEWS_SITEMAP_WINDOW = timedelta(days=2)


@require_safe
def sitemap_section(request, section):
    """One page (?p=) of one section's sitemap, as Django's sitemap view would write it."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap called {section!r}.")
    base = f"{request.scheme}://{RequestSite(request).domain}"
    try:
        entries = SITEMAPS[section]().entries(request.GET.get("p", 1), base)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page.") from None
    response = HttpResponse(urlset(entries), content_type="application/xml; charset=utf-8")
    modified = [lastmod for _, lastmod in entries]
    if modified and all(modified):
        response.headers["Last-Modified"] = http_date(max(modified).timestamp())
    return response


def urlset(entries):
    urls = []
    for location, lastmod in entries:
        modified = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        urls.append(f"<url><loc>{escape(location)}</loc>{modified}</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(urls)}</urlset>\n"
    )


@require_safe
def news_sitemap(request):
    """Articles published in the last two days, in the Google News sitemap format."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = Article.objects.published().filter(published_at__gte=since).order_by("-published_at")
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": articles, "publication_name": settings.NEWSROOM_NAME},
        content_type="application/xml; charset=utf-8",
    )
