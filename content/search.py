"""Searching published articles.

On PostgreSQL: full-text search over a stored, weighted vector (title, then summary, then
body) with a GIN index, accepting ordinary phrases, quotes and -exclusions (websearch
syntax), ranked, with highlighted snippets. On SQLite: every word must appear somewhere,
title matches rank above summary and body matches, with a simple snippet. Both return the
same thing, so the page is the same.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_RESULTS = 50
# Markers for the start and end of a highlight, chosen so no article contains them.
START, STOP = "\ue000", "\ue001"


def clean_query(raw):
    """The query as we search it: printable, single-spaced, at most 200 characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words_of(query):
    return re.findall(r"\w+", query.lower())[:MAX_WORDS]


def highlight(text):
    """Escape ``text`` and turn the highlight markers into <mark> elements."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def search_articles(query):
    """Published articles matching ``query``, best first, each with ``.snippet``."""
    if not words_of(query):
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(query)
    return _search_simple(query)


def _search_postgresql(query):
    search_query = SearchQuery(query, search_type="websearch", config="english")
    results = list(
        Article.objects.published()
        .filter(search_vector=search_query)
        .select_related("topic")
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                "search_text",
                search_query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at")[:MAX_RESULTS]
    )
    for article in results:
        article.snippet = highlight(article.headline)
    return results


def _search_simple(query):
    words = words_of(query)
    matches = Q()
    score = Value(0, output_field=IntegerField())
    for word in words:
        in_title, in_summary = Q(title__icontains=word), Q(summary__icontains=word)
        matches &= in_title | in_summary | Q(search_text__icontains=word)
        score = score + _points(in_title, 3) + _points(in_summary, 2)
    results = list(
        Article.objects.published()
        .filter(matches)
        .select_related("topic")
        .annotate(rank=Coalesce(score, 0))
        .order_by("-rank", "-published_at")[:MAX_RESULTS]
    )
    for article in results:
        article.snippet = highlight(_snippet(article.search_text, words))
    return results


def _points(condition, points):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _snippet(text, words, length=240):
    """About ``length`` characters of ``text`` around the first word found, with every
    found word wrapped in highlight markers."""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found = pattern.search(text)
    start = max(0, found.start() - length // 3) if found else 0
    excerpt = text[start : start + length]
    if start > 0:
        excerpt = "… " + excerpt.split(" ", 1)[-1]
    if start + length < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
