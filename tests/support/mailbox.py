"""The alert links of an email, as the reader would follow them: paths on the site."""

import re

LINK = re.compile(r"https://testserver(/alerts/[\w-]+/[\w:.-]+/)")


def links_in(text):
    return LINK.findall(text)


def link_to(message, kind):
    """The one `kind` link (confirm, preferences, unsubscribe) of a Django email's plain text."""
    paths = {path for path in links_in(message.body) if path.startswith(f"/alerts/{kind}/")}
    assert len(paths) == 1, paths
    return paths.pop()
