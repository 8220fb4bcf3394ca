from django.conf import settings
from django.templatetags.static import static


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
    }
