"""The allow-list for article and page HTML.

The rich-text editor offers exactly these elements, and everything else is removed with
nh3 when an article's or page's working copy is saved (the live copy takes only approved
text from one), so a ``<script>`` or ``onerror=`` typed by anyone (in the editor, the HTML
source view, the shell or a data import) never reaches a page.
"""

import re
from html.parser import HTMLParser

import nh3
from django_prose_editor.config import allowlist_from_extensions

# What editors can do: headings below the page title, lists, links, bold and italic,
# quotes and line breaks. Shared by the editor widget and the sanitiser.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}

_cleaner = None


def clean_html(html):
    """Return ``html`` with every element, attribute and URL scheme outside the allow-list
    removed."""
    global _cleaner
    if _cleaner is None:
        _cleaner = nh3.Cleaner(**allowlist_from_extensions(EDITOR_EXTENSIONS))
    return _cleaner.clean(html or "")


class _TextCollector(HTMLParser):
    def __init__(self, with_links=False):
        super().__init__()
        self.parts = []
        self.with_links = with_links
        self.links = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and self.with_links:
            self.links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "a" and self.with_links and self.links:
            self.parts.append(f" ⟨{self.links.pop()}⟩")


def html_to_text(html, with_links=False):
    """The words of an HTML fragment, with tags removed and white space folded; with
    ``with_links``, each link's address follows its words, ⟨like this⟩, so a reviewer
    sees where a link goes."""
    collector = _TextCollector(with_links)
    collector.feed(html or "")
    collector.close()
    return " ".join(" ".join(collector.parts).split())


# Text as it comes from a word processor: list items pasted as paragraphs starting with a
# bullet character (or a number and a full stop) and a non-breaking space.
_SPACE = r"(?:\s|&nbsp;|\xa0)"
_LEADING_TAGS = r"((?:<[^>]+>)*)"
_BULLET = re.compile(
    rf"^{_LEADING_TAGS}{_SPACE}*(?:[\u00b7\u2022\u25aa\u25e6\u2023\u2043§o-]|&middot;|&bull;)"
    rf"{_SPACE}+"
)
_NUMBER = re.compile(rf"^{_LEADING_TAGS}{_SPACE}*\d{{1,2}}[.)]{_SPACE}+")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_BOLD_ONLY = re.compile(r"^\s*<strong>([^<]{1,90})</strong>\s*$")


def tidy_pasted_text(html):
    """Undo what pasting from a word processor does: paragraphs that start with "·", "•"
    or "1." become bulleted or numbered lists, and a short paragraph that is all bold (how
    headings arrive) becomes a heading. Editors see the result, and a reviewer approves it."""
    out, items, kind = [], [], None

    def flush():
        nonlocal items, kind
        if items:
            tag = "ul" if kind == "bullet" else "ol"
            out.append(f"<{tag}>" + "".join(f"<li><p>{i}</p></li>" for i in items) + f"</{tag}>")
        items, kind = [], None

    position = 0
    for match in _PARAGRAPH.finditer(html):
        between = html[position : match.start()]
        if between.strip():
            flush()
        if between.strip() or not items:
            out.append(between)
        position = match.end()
        inner = match.group(1)
        for found, pattern in (("bullet", _BULLET), ("number", _NUMBER)):
            marker = pattern.match(inner)
            if marker:
                if kind and kind != found:
                    flush()
                kind = found
                items.append(marker.group(1) + inner[marker.end() :])
                break
        else:
            flush()
            heading = _BOLD_ONLY.match(inner)
            if heading and not heading.group(1).rstrip().endswith((".", ",", ":", ";")):
                out.append(f"<h2>{heading.group(1).strip()}</h2>")
            else:
                out.append(match.group(0))
    flush()
    out.append(html[position:])
    return "".join(out)


def site_relative_links(html, hosts):
    """Links to this site's own pages written with its full address ("https://host/x/")
    become site-relative ("/x/"), so they keep working on any of its addresses."""
    if not hosts:
        return html
    names = "|".join(re.escape(host) for host in sorted(hosts, key=len, reverse=True))
    return re.sub(rf'href="https?://(?:{names})(?::\d+)?(/[^"]*)?"', _relative, html)


def _relative(match):
    return f'href="{match.group(1) or "/"}"'
