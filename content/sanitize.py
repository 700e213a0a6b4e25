"""The allow-list for article and page HTML.

The rich-text editor offers exactly these elements, and everything else is removed with
nh3 when an article or page is saved, so a ``<script>`` or ``onerror=`` typed by anyone
(in the editor, the HTML source view, the shell or a data import) never reaches a page.
"""

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
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """The words of an HTML fragment, with tags removed and white space folded."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return " ".join(" ".join(collector.parts).split())
