"""Facets whose slug is empty or not a valid address get one made from their name, so that the
pages linking to them answer again: a topic typed as "!!!" was saved with an empty slug, which
no address can hold. A name without letters or digits falls back to the kind's name ("topic",
"topic_1"...), as the models now do for new rows."""

import re

from django.db import migrations
from django.utils.text import slugify

UNICODE_SLUG = re.compile(r"[-\w]+")
ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def expert_text(expert):
    return f"{expert.given_name} {expert.family_name}"


def conference_text(conference):
    return f"{conference.edition} {conference.name} {conference.start_date.year}"


# model name: (text the slug comes from, fallback, Unicode slugs allowed, suffix separator)
FACETS = {
    "topic": (lambda topic: topic.name, "topic", True, "_"),
    "department": (lambda department: department.name, "department", False, "-"),
    "expert": (expert_text, "expert", False, "-"),
    "conference": (conference_text, "conference", False, "-"),
}


def repair_slugs(apps, schema_editor):
    for model_name, (text_of, fallback, allow_unicode, separator) in FACETS.items():
        model = apps.get_model("articles", model_name)
        valid = UNICODE_SLUG if allow_unicode else ASCII_SLUG
        taken = set(model.objects.values_list("slug", flat=True))
        for row in model.objects.order_by("pk"):
            if valid.fullmatch(row.slug):
                continue
            base = slugify(text_of(row), allow_unicode=allow_unicode)[:90] or fallback
            if base.isdigit():
                base = f"{fallback}-{base}"
            candidate, suffix = base, 1
            while candidate in taken:
                candidate, suffix = f"{base}{separator}{suffix}", suffix + 1
            taken.add(candidate)
            model.objects.filter(pk=row.pk).update(slug=candidate)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_department_links_model")]

    operations = [migrations.RunPython(repair_slugs, migrations.RunPython.noop)]
