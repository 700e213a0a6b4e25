"""System checks for a production set-up that would quietly misbehave."""

import os

from django.conf import settings
from django.core.checks import Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register("caches", deploy=True)
def shared_cache_with_several_workers(app_configs, **kwargs):
    """Several server processes each with their own cache: an edit, or an article taken
    off the site, shows in some of them and not in others until their copy expires."""
    backend = settings.CACHES["default"]["BACKEND"]
    workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
    if settings.DEBUG or backend not in PER_PROCESS_CACHES or workers < 2:
        return []
    return [
        Warning(
            f"The cache ({backend}) belongs to each server process, and gunicorn runs "
            f"{workers} of them (WEB_CONCURRENCY).",
            hint="Leave CACHES to the default (a database table) or set REDIS_URL, so "
            "every process shares one cache.",
            id="clinic_site.W001",
        )
    ]
