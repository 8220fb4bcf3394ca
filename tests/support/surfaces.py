"""The public addresses the URL configuration serves, as the leak suite and the hostile-query
tests walk them."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import URLResolver
from django.views import static as static_views


@dataclass(frozen=True)
class Surface:
    name: str  # namespaced, e.g. "articles:article-detail"; "" when the pattern has none
    route: str
    kwargs: tuple
    converters: dict
    default_args: dict

    def __str__(self):
        return f"{self.name or '(unnamed)'} ({self.route})"

    @property
    def kind(self):
        """What the address is about, from the URL name's first word: article, expert, topic…"""
        return self.name.rpartition(":")[2].split("-")[0]


def walk(patterns, prefix="", namespace="", kwargs=(), converters=None):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        found = (*kwargs, *entry.pattern.regex.groupindex)
        types = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if route == settings.ADMIN_URL:
                yield "admin", None
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner, found, types)
        elif entry.callback is static_views.serve:
            yield "media", None
        else:
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield name, Surface(name, route, found, types, dict(entry.default_args))
