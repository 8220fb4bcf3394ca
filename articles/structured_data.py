"""schema.org JSON-LD for the public pages, as plain dicts; `{% json_ld %}` renders them.

Each function reads only the objects it is given: relations through `.all()`, so a view that
prefetched them (`with_details()`) pays no extra query. Empty values are left out rather than
sent as "" or null, which search engines report as errors.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from media.renditions import Renditions

from .models import ArticleExpert

LOGO = ("img/logo.png", 512, 512)
DEFAULT_IMAGE = ("img/og-default.png", 1200, 630)


def _compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _static_image(request, image):
    path, width, height = image
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(static(path)),
        "width": width,
        "height": height,
    }


def _person_reference(request, expert):
    return {
        "@type": "Person",
        "name": str(expert),
        "url": request.build_absolute_uri(expert.get_absolute_url()),
    }


def _organization(request, department):
    return {
        "@type": "Organization",
        "name": department.name,
        "url": request.build_absolute_uri(department.get_absolute_url()),
    }


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.NEWSROOM_NAME,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "logo": _static_image(request, LOGO),
    }


def media_contact_point(article):
    """The story's "Media enquiries" contact, as schema.org's ContactPoint of its publisher."""
    contact = article.media_contact
    return _compact(
        {
            "@type": "ContactPoint",
            "contactType": "media enquiries",
            "name": contact.name,
            "description": contact.role,
            "email": contact.email,
            "telephone": contact.phone,
        }
    )


def _authors(request, article, expert_roles):
    authors = [
        _person_reference(request, role.expert)
        for role in expert_roles
        if role.role == ArticleExpert.Role.AUTHOR
    ]
    if authors:
        return authors
    if article.byline:
        return [{"@type": "Person", "name": article.byline}]
    if article.source:
        return [
            _compact(
                {"@type": "Organization", "name": article.source.name, "url": article.source.url}
            )
        ]
    return [publisher(request)]


def news_article(request, article):
    url = request.build_absolute_uri(article.get_absolute_url())
    expert_roles = list(article.expert_roles.all())
    image = _images(request, article.hero_image) or _static_image(request, DEFAULT_IMAGE)
    return _compact(
        {
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.summary,
            "datePublished": article.published_at.isoformat() if article.published_at else None,
            "dateModified": article.modified_at.isoformat() if article.modified_at else None,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "inLanguage": article.language,
            "author": _authors(request, article, expert_roles),
            "publisher": {**publisher(request), "contactPoint": media_contact_point(article)},
            "image": image,
            "isBasedOn": article.original_url,
            "about": [_person_reference(request, role.expert) for role in expert_roles]
            + [event(request, conference) for conference in article.conferences.all()],
            "mentions": [{"@type": "Thing", "name": tag.name} for tag in article.tags.all()]
            + [_organization(request, department) for department in article.departments.all()],
        }
    )


def person(request, expert):
    same_as = [url for url in (expert.orcid_url, expert.profile_url) if url]
    return _compact(
        {
            "@type": "Person",
            "name": str(expert),
            "honorificPrefix": expert.honorific,
            "givenName": expert.given_name,
            "familyName": expert.family_name,
            "jobTitle": expert.position,
            "worksFor": {"@type": "Organization", "name": expert.affiliation}
            if expert.affiliation
            else None,
            "memberOf": _organization(request, expert.department) if expert.department else None,
            "description": expert.bio,
            "image": _images(request, expert.photo),
            "sameAs": same_as,
            "url": request.build_absolute_uri(expert.get_absolute_url()),
        }
    )


def event(request, conference):
    return _compact(
        {
            "@type": "Event",
            "name": conference.full_name,
            "startDate": conference.start_date.isoformat(),
            "endDate": conference.end_date.isoformat(),
            "location": {
                "@type": "Place",
                "name": conference.place,
                "address": _compact(
                    {
                        "@type": "PostalAddress",
                        "addressLocality": conference.city,
                        "addressCountry": conference.country,
                    }
                ),
            },
            "url": conference.website or request.build_absolute_uri(conference.get_absolute_url()),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
        }
    )


def breadcrumbs(request, trail):
    """`trail` is a list of (name, url) pairs from the home page down to the current page."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(url),
            }
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def _images(request, image_file):
    """ImageObjects for the social card and the largest rendition (search engines like both)."""
    renditions = Renditions(image_file)
    if not renditions:
        return None
    chosen = [renditions.social(), renditions.fallback(max_width=10_000)]
    unique = {image["url"]: image for image in chosen}.values()
    return [
        {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(image["url"]),
            "width": image["width"],
            "height": image["height"],
        }
        for image in unique
    ]
