"""Reading pages the way a browser does, for assertions in tests."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements and attributes through which a page makes the browser fetch something.
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "form": ["action"],
}
LOADING_LINK_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "modulepreload",
    "manifest",
}


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attributes) in document order
        self.h1_texts = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "h1":
            self._in_h1 = True
            self.h1_texts.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1_texts[-1] += data

    def find_all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]

    def loaded_urls(self):
        """Every URL the page makes the browser load or send to (not plain links)."""
        urls = []
        for tag, attrs in self.tags:
            names = LOADING_ATTRIBUTES.get(tag, [])
            if tag == "link" and LOADING_LINK_RELS & set((attrs.get("rel") or "").split()):
                names = ["href"]
            for name in names:
                value = attrs.get(name) or ""
                if name == "srcset":
                    urls.extend(part.split()[0] for part in value.split(",") if part.strip())
                elif value:
                    urls.append(value)
        return urls


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def is_same_host(url):
    """True for a URL on this site (or inline data, which loads nothing)."""
    parts = urlsplit(url)
    return parts.scheme == "data" or (not parts.scheme and not parts.netloc)
