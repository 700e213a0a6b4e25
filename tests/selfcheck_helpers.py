"""Answer sets and counters shared by the self-check tests."""

from django.core.cache import cache
from django.db import connection

from selfcheck.instruments import INSTRUMENTS


def answers_for(score, count, last=0):
    """Answers to ``count`` questions adding up to ``score``, the last question answered
    ``last`` and the others filled from the first (3, 3, ..., remainder, 0, ...)."""
    rest = score - last
    assert 0 <= rest <= 3 * (count - 1), (score, count, last)
    answers = []
    for _ in range(count - 1):
        answers.append(min(3, rest))
        rest -= answers[-1]
    return [*answers, last]


def form_data(answers, **extra):
    return {f"q{number}": str(answer) for number, answer in enumerate(answers, 1)} | extra


def url(slug):
    return INSTRUMENTS[slug].get_absolute_url()


def row_counts():
    """The number of rows in every table of the database, sessions included."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def cache_entries():
    """Every key and value in the cache: the rows of the database cache's table (the
    cache tests use, as production does without Redis), or an in-memory cache's dict."""
    if hasattr(cache, "_table"):
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(cache._table)
            cursor.execute(f"SELECT cache_key, value FROM {table}")
            return dict(cursor.fetchall())
    return dict(cache._cache)
