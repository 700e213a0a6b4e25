"""Caching whole public pages for anonymous readers.

Article pages, lists, topics and the information pages are the same for every anonymous
reader, so they are rendered once and served from the cache until content changes. Only
views wrapped in ``cache_public_page`` are cached, only for GET/HEAD requests without a
session cookie (staff and anyone with a session always get a fresh page), and only
responses that set no cookie: the consultation form (CSRF token) and anything with
patient data or staff-only parts are never stored.

Any save or delete of an article, topic, reference, reviewer, redirect or page changes a
version number that is part of every key, so edits show at once. Scheduled publishing
also shows on time: a page is kept no longer than the next scheduled publish or unpublish
moment. With several server processes the cache must be shared (REDIS_URL) for edits to
show at once in all of them.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

VERSION_KEY = "public-pages:version"


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def content_changed(**kwargs):
    """Forget every cached public page."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


def seconds_until_next_schedule_change():
    """Seconds until an article is due to appear or disappear, or None if none is."""
    from .models import Article

    now = timezone.now()
    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(
        next_publish=Min("published_at", filter=Q(published_at__gt=now)),
        next_unpublish=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
    )
    moments = [moment for moment in upcoming.values() if moment is not None]
    if not moments:
        return None
    return max(1, int((min(moments) - now).total_seconds()))


def cache_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if not lifetime or not anonymous or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = f"public-pages:{_version()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()
        if response.status_code == 200 and not response.cookies:
            next_change = seconds_until_next_schedule_change()
            timeout = min(lifetime, next_change) if next_change else lifetime
            cache.set(key, response, timeout)
        return response

    return wrapper


def connect_signals():
    from .models import Article, ArticleRedirect, Page, Reference, Reviewer, Topic

    for model in (Article, ArticleRedirect, Page, Reference, Reviewer, Topic):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-d-{model}")
