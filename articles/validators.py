import re

from django.core.exceptions import ValidationError

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ORCID_URL_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def normalize_orcid(value):
    """Accept the bare iD or its orcid.org URL, with either case of the final X."""
    value = (value or "").strip().upper()
    for prefix in ORCID_URL_PREFIXES:
        if value.startswith(prefix.upper()):
            return value[len(prefix) :]
    return value


def orcid_check_digit(base_digits):
    """ISO 7064 MOD 11-2, as ORCID specifies it."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value):
    if not ORCID_PATTERN.match(value):
        raise ValidationError(
            "Enter an ORCID iD as four groups of four characters, e.g. 0000-0002-1825-0097.",
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_check_digit(digits[:-1]) != digits[-1]:
        raise ValidationError(
            "This ORCID iD has a wrong check digit: please copy it again from the ORCID record.",
            code="orcid_checksum",
        )


def validate_not_only_digits(value):
    # /news/<year>/ is the archive, so an article address cannot be a bare number.
    if value.isdigit():
        raise ValidationError(
            "The web address cannot be only digits: add a word, e.g. “report-2024”.",
            code="slug_digits",
        )
