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


@register(deploy=True)
def intake_is_told_of_new_requests(app_configs, **kwargs):
    """Without an address, nobody is e-mailed about a new request, urgent ones included,
    and the intake queue cannot say that an urgent request's e-mail is late."""
    if settings.DEBUG or settings.INQUIRY_NOTIFY_EMAILS:
        return []
    return [
        Warning(
            "No address is set to be told of new consultation requests "
            "(INQUIRY_NOTIFY_EMAILS), so urgent ones reach nobody until someone opens "
            "the queue.",
            hint="Set INQUIRY_NOTIFY_EMAILS to the intake team's address(es).",
            id="clinic_site.W002",
        )
    ]
