"""What a search result shows of an article: a passage around the match, the matches marked."""

import re
from html import unescape

import nh3
from django.template.defaultfilters import pluralize
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Topic

from .query import match_pattern, match_stems

SNIPPET_LENGTH = 260

# Captured rather than looked ahead for: a lookahead is tried at every character of the text.
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote|pre|td|th|figcaption)>|<br\b)", re.I)


def plain_text(html):
    """The words of rich text: no tags, and entities (&amp;, &lt;) turned back into characters.

    nh3 (the body's sanitiser) parses the HTML as a browser would, faster than Django's
    strip_tags; a space before the end of each block keeps the last word of a paragraph apart
    from the first word of the next."""
    if not html:
        return ""
    return unescape(nh3.clean(BLOCK_END.sub(r" \1", html), tags=set()))


def highlight(text, query, length=SNIPPET_LENGTH):
    """A passage of plain `text` around the first match, escaped, with the matches in <mark>."""
    pattern = match_pattern(query)
    plain = " ".join(text.split())
    return passage(plain, pattern.search(plain) if pattern else None, pattern, length)


def snippet(article, query):
    """The passage of the article's text, else of its summary, where the query matched; the
    start of the summary if neither did."""
    pattern = match_pattern(query)
    summary = " ".join(article.summary.split())
    if pattern:
        for text in (plain_text(article.body), summary):
            # Most results match in their names or summary, not in the text: a substring test
            # rules a text out far sooner than the case-insensitive pattern can.
            if mentions(text, query):
                plain = " ".join(text.split())
                found = pattern.search(plain)
                if found:
                    return passage(plain, found, pattern)
    return passage(summary, None, pattern)


def add_matching_topics(results, query):
    """Results whose marked title and `snippet` show no match were found by a name: the topics
    among their names that match are added to the snippet (a topic in Chinese, say), so that
    every result shows why it was found. One query, for those results only."""
    pattern = match_pattern(query)
    unexplained = [
        article for article in results if "<mark>" not in article.title_marked + article.snippet
    ]
    if not (pattern and unexplained):
        return
    topics = Topic.objects.names_by_article(unexplained)
    for article in unexplained:
        named = [name for name in topics[article.pk] if pattern.search(name)]
        if named:
            marked = ", ".join(mark_matches(name, pattern) for name in named)
            article.snippet = mark_safe(f"{article.snippet} · Topic{pluralize(named)}: {marked}")


def mentions(text, query):
    """Whether `text` may hold a match of `query`: one of its stems appears in it."""
    folded = text.casefold()
    return any(stem.casefold() in folded for _, stem in match_stems(query))


def passage(plain, found, pattern, length=SNIPPET_LENGTH):
    """`length` characters of `plain` (whitespace already collapsed) from a little before the
    match `found` (or from the start), cut at words, escaped, the matches marked."""
    if not plain:
        return ""
    start = 0 if found is None else max(0, found.start() - length // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    shown = plain[start : start + length]
    if start + length < len(plain):
        shown = shown.rsplit(" ", 1)[0] + " …"
    if start:
        shown = "… " + shown
    return mark_safe(mark_matches(shown, pattern))


def mark_matches(passage, pattern):
    if pattern is None:
        return escape(passage)
    parts, position = [], 0
    for match in pattern.finditer(passage):
        parts.append(escape(passage[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(passage[position:]))
    return "".join(parts)
