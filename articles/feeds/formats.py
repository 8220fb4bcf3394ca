"""The three feed formats, written from the same items: RSS 2.0 and Atom 1.0 with the full text
(Django's own writers, extended), and JSON Feed 1.1."""

import json

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.html import escape

GENERATOR = "Newsroom"


class RssFeedWithContent(Rss201rev2Feed):
    """RSS with the full text. Readers take the channel's title and description as HTML when
    they look like it, so their text (a facet's name, the words of a search) is escaped as HTML
    first: "<b>" in a search is shown as typed, never rendered. (Atom and JSON Feed say that
    their text is text; item descriptions are escaped where they are made.)"""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_root_elements(self, handler):
        as_text = {name: escape(self.feed[name]) for name in ("title", "description")}
        original, self.feed = self.feed, {**self.feed, **as_text}
        try:
            super().add_root_elements(handler)
        finally:
            self.feed = original
        for hub in self.feed["hubs"]:
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": hub})
        handler.addQuickElement("generator", GENERATOR)
        handler.startElement("image", {})
        handler.addQuickElement("url", self.feed["logo"])
        handler.addQuickElement("title", as_text["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeedWithContent(Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for hub in self.feed["hubs"]:
            handler.addQuickElement("link", None, {"rel": "hub", "href": hub})
        handler.addQuickElement("generator", GENERATOR)
        handler.addQuickElement("icon", self.feed["icon"])
        handler.addQuickElement("logo", self.feed["logo"])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the same items as RSS and Atom."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["subtitle"],
            "icon": self.feed["logo"],
            "favicon": self.feed["icon"],
            "language": self.feed["language"],
            "items": [self.item(item) for item in self.items],
        }
        if self.feed["hubs"]:
            feed["hubs"] = [{"type": "WebSub", "url": hub} for hub in self.feed["hubs"]]
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1))

    def item(self, item):
        data = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["summary"],
            "content_html": item["content_html"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "authors": [{"name": item["author_name"]}] if item["author_name"] else [],
            "tags": list(item["categories"]),
            "language": item["language"],
        }
        if item["image"]:
            data["image"] = item["image"]
        return data


FORMATS = {"rss": RssFeedWithContent, "atom": AtomFeedWithContent, "json": JsonFeed}
