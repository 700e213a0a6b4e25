"""Answer sets and counters shared by the self-check tests."""

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
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
    """Every key and value in the cache: the rows of the database cache's table (what the
    tests use, as production does without Redis), the keys of the Redis database when
    REDIS_URL is set, or an in-memory cache's dict."""
    backend = caches["default"]
    if isinstance(backend, DatabaseCache):
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(backend._table)
            cursor.execute(f"SELECT cache_key, value FROM {table}")
            return dict(cursor.fetchall())
    if isinstance(backend, RedisCache):
        redis = backend._cache.get_client()
        return {key: redis.get(key) for key in redis.scan_iter()}
    return dict(backend._cache)
