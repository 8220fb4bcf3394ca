"""Dates as the pages write them."""

from django.utils.dates import MONTHS


def long_date(value):
    """A date as "23 April 2024": the `date:"j F Y"` filter, without its format lookups (a list
    page shows twenty of them). A datetime is given in the time zone it is to be shown in."""
    if not value:
        return ""
    return f"{value.day} {MONTHS[value.month]} {value.year}"
