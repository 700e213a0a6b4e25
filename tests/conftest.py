import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast password hashing, uploads in a temporary folder, and static files found
    without running collectstatic first."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # Tests see fresh pages; test_page_cache.py turns the cache on where it is tested.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def _empty_cache_outside_the_database():
    """A cache outside the database (Redis, when REDIS_URL is set) keeps its entries when
    a test's transaction is rolled back, so page cache entries and rate-limit counts would
    carry over from test to test: start each test with it empty. The database cache needs
    nothing: it is rolled back with the test."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    if not isinstance(caches["default"], DatabaseCache):
        caches["default"].clear()


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.com", "a-long-test-password"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def run_tasks(monkeypatch):
    """Run the queued background work (e-mails) as the worker would, until none is due.

    The worker closes database connections it thinks are stale between tasks; inside a
    test, which runs in one transaction, that would close the test's own connection (on
    PostgreSQL; SQLite's in-memory test database ignores it), so it is left open here.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run
