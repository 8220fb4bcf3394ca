"""Facet rows as data and back: how the kept documents (articles/facts.py, articles/highlights.py)
write the experts, departments and conferences they show, and make them rows again — unsaved
model instances carrying what a page reads, so that templates and `get_absolute_url` work on
them as on rows read from their tables."""

import datetime

from .models import Conference, Department, Expert, PressContact

EXPERT_FIELDS = ("id", "slug", "honorific", "given_name", "family_name", "name_order", "position")
CONFERENCE_FIELDS = ("id", "slug", "edition", "name", "city", "country")
CONTACT_FIELDS = ("id", "name", "role", "email", "phone")
TOPIC_FIELDS = ("id", "name", "slug")


def fields(row, names):
    return {name: getattr(row, name) for name in names}


def department_data(department):
    """A department with its press contact (`department.press_contact` loaded), or None."""
    if department is None:
        return None
    contact = department.press_contact
    return {
        "id": department.pk,
        "name": department.name,
        "slug": department.slug,
        "press_contact": fields(contact, CONTACT_FIELDS) if contact else None,
    }


def department_row(data):
    if data is None:
        return None
    contact = data["press_contact"]
    department = Department(id=data["id"], name=data["name"], slug=data["slug"])
    department.press_contact = PressContact(**contact) if contact else None
    return department


def expert_data(expert):
    """An expert with their department (`expert.department.press_contact` loaded)."""
    return {**fields(expert, EXPERT_FIELDS), "department": department_data(expert.department)}


def expert_row(data):
    expert = Expert(**{name: data[name] for name in EXPERT_FIELDS})
    expert.department = department_row(data["department"])
    return expert


def conference_data(conference):
    return {
        **fields(conference, CONFERENCE_FIELDS),
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
    }


def conference_row(data):
    return Conference(
        **{name: data[name] for name in CONFERENCE_FIELDS},
        start_date=datetime.date.fromisoformat(data["start_date"]),
        end_date=datetime.date.fromisoformat(data["end_date"]),
    )
