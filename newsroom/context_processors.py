from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# The addresses every page links to (header, navigation, footer, feeds), by name.
SITE_LINKS = {
    "home": ("articles:home", ()),
    "news": ("articles:article-list", ()),
    "topics": ("articles:topic-list", ()),
    "experts": ("articles:expert-list", ()),
    "conferences": ("articles:conference-list", ()),
    "departments": ("articles:department-list", ()),
    "search": ("search:results", ()),
    "alerts": ("alerts:subscribe", ()),
    "rss": ("articles:news-feed", ("rss",)),
    "atom": ("articles:news-feed", ("atom",)),
    "json_feed": ("articles:news-feed", ("json",)),
}


@lru_cache(maxsize=16)
def site_links(urlconf, script_prefix, language):
    """{name: address} of SITE_LINKS, made once per URL configuration, script prefix and
    language: through `{% url %}`, a dozen reverse() calls were a noticeable share of every
    page (docs/performance.md)."""
    return {name: reverse(url_name, args=args) for name, (url_name, args) in SITE_LINKS.items()}


def site(request):
    """The site's identity and the absolute addresses every page's metadata needs."""
    page = request.GET.get("page")
    canonical = request.build_absolute_uri(request.path)
    if page and page != "1":
        canonical += f"?page={page}"
    return {
        "site_name": settings.NEWSROOM_NAME,
        "site_description": settings.NEWSROOM_DESCRIPTION,
        "canonical_url": canonical,
        "default_social_image": request.build_absolute_uri(static("img/og-default.png")),
        "site_links": site_links(
            get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language()
        ),
    }
