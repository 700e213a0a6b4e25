"""The glossary's links in articles: the first use of each term links to its entry.

The links are added on the server when an article page is rendered (readers need no
script), from the approved glossary terms. They go only in the body's running text, never
inside a heading or an existing link; only the first use of each term is linked (whichever
of its written forms comes first); words match whole and whatever their case. The body
itself was sanitised when it was saved (``content/sanitize.py``): this only wraps words of
it in links the site makes, and otherwise gives back exactly the HTML it was given.
"""

import logging
import re
from html import escape
from html.parser import HTMLParser

from django.urls import reverse

from .models import GlossaryTerm

logger = logging.getLogger(__name__)

# Inside these a word is never linked: headings, and links that are already there.
NOT_LINKED_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6"}


def shown_terms():
    """The glossary terms readers see, alphabetically: those whose text is exactly what a
    medical reviewer approved. One query, however many terms there are."""
    terms = []
    for term in GlossaryTerm.objects.select_related("approval"):
        if term.matches_approval():
            terms.append(term)
        else:
            logger.error("Glossary term #%s differs from its approval; not shown.", term.pk)
    return terms


def _normal(words):
    return " ".join(words.split()).casefold()


class _TermFinder:
    """Finds the first use of each term in running text."""

    def __init__(self, terms):
        self.terms = {}
        for term in terms:
            for form in term.written_forms():
                self.terms.setdefault(_normal(form), term)
        # Longest forms first, so "NMDA receptors" wins over "NMDA receptor" at one place.
        forms = sorted(self.terms, key=len, reverse=True)
        alternatives = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
        self.linked = set()
        self.url = reverse("content:glossary")

    def link_first_uses(self, text):
        return self.pattern.sub(self._link_once, text)

    def _link_once(self, match):
        term = self.terms[_normal(match.group())]
        if term.slug in self.linked:
            return match.group()
        self.linked.add(term.slug)
        href = escape(f"{self.url}#{term.slug}")
        # The matched words are the body's own (already escaped) text.
        return f'<a class="glossary-link" href="{href}">{match.group()}</a>'


class _Linker(HTMLParser):
    """Copies HTML through unchanged, except for glossary links in running text."""

    def __init__(self, finder):
        # Character references are passed through as they are, never decoded: the text
        # handled is the body's own source text.
        super().__init__(convert_charrefs=False)
        self.finder = finder
        self.parts = []
        self.not_linked_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_LINKED_INSIDE:
            self.not_linked_depth += 1
        self.parts.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in NOT_LINKED_INSIDE and self.not_linked_depth:
            self.not_linked_depth -= 1
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if self.not_linked_depth:
            self.parts.append(data)
        else:
            self.parts.append(self.finder.link_first_uses(data))

    def handle_entityref(self, name):
        self.parts.append(f"&{name};")

    def handle_charref(self, name):
        self.parts.append(f"&#{name};")

    def handle_comment(self, data):
        self.parts.append(f"<!--{data}-->")


def link_terms(html, terms):
    """``html`` (an article body, already sanitised) with the first use of each of
    ``terms`` linked to its glossary entry."""
    if not terms or not html:
        return html
    linker = _Linker(_TermFinder(terms))
    linker.feed(html)
    linker.close()
    return "".join(linker.parts)
