"""The URL converters of the news' addresses, registered once for every URL configuration."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """Topic slugs keep non-Latin names readable, e.g. /topics/骨髓移植/."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FeedFormatConverter:
    regex = "rss|atom|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "unicode_slug")
register_converter(FeedFormatConverter, "feed_format")
