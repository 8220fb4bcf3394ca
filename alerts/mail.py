"""The emails of alerts, each multipart (plain text and HTML with inline styles, the only image
the story's own picture). Every email sent to a subscriber carries RFC 8058 one-click
unsubscribe headers; the confirmation goes to an address that has not subscribed yet and has
nothing to unsubscribe from."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.timezone import localtime

from .tokens import absolute, confirm_url, preferences_url, unsubscribe_url

EMAIL_IMAGE_WIDTH = 800


def build(to, subject, template, context, headers=None):
    context = {"newsroom_name": settings.NEWSROOM_NAME, "site_url": settings.SITE_URL, **context}
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def to_subscriber(subscriber, subject, template, context):
    """An email to a subscriber: its links in the footer, and one-click unsubscribe headers."""
    links = {
        "preferences_url": preferences_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
    }
    headers = {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build(subscriber.email, subject, template, {**context, **links}, headers)


def story(article):
    """What an email shows of an article (its experts and source read, or prefetched)."""
    image = None
    if article.hero:
        fallback = article.hero.fallback(EMAIL_IMAGE_WIDTH)
        url = fallback["url"]
        image = {"url": absolute(url) if url.startswith("/") else url, "alt": article.hero_alt}
    return {
        "title": article.title,
        "date": date_format(localtime(article.published_at), "j F Y"),
        "summary": article.summary,
        "experts": [str(role.expert) for role in article.expert_roles.all()],
        "source": str(article.source) if article.source_id else "",
        "url": absolute(article.get_absolute_url()),
        "image": image,
    }


def confirmation(email, choices, frequency, already_subscribed):
    labels = list(choices.values())
    return build(
        email,
        f"Confirm your email alerts from {settings.NEWSROOM_NAME}",
        "confirm",
        {
            "confirm_url": confirm_url(email, list(choices), frequency),
            "labels": labels,
            "already_subscribed": already_subscribed,
        },
    )


def fresh_link(subscriber):
    return to_subscriber(subscriber, f"Your email alerts from {settings.NEWSROOM_NAME}", "link", {})


def alert(subscriber, article):
    return to_subscriber(subscriber, article.title, "alert", {"story": story(article)})


def digest(subscriber, articles):
    stories = [story(article) for article in articles]
    count = len(stories)
    subject = f"{count} new {'story' if count == 1 else 'stories'} from {settings.NEWSROOM_NAME}"
    return to_subscriber(subscriber, subject, "digest", {"stories": stories})


def correction(subscriber, notice):
    context = {"story": story(notice.article), "note": notice.note}
    return to_subscriber(subscriber, f"Correction: {notice.article.title}", "correction", context)
