"""Admin form data as the browser sends it, and the errors the admin answers with."""

from django.urls import reverse


def admin_url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def article_form(**overrides):
    """A complete add-article POST, as the admin form sends it, with no inline rows."""
    data = {
        "title": "Cell therapy team presents in Europe",
        "slug": "",
        "summary": "Our haematologists presented new results.",
        "body": "<p>New results were presented.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "byline": "",
        "language": "en",
        "source": "",
        "original_url": "",
        "tags": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "expert_roles-TOTAL_FORMS": "0",
        "expert_roles-INITIAL_FORMS": "0",
        "media_links-TOTAL_FORMS": "0",
        "media_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def errors_of(response):
    form = response.context["adminform"].form
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}
