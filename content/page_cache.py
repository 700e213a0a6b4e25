"""Caching whole public pages for anonymous readers.

Article pages, lists, topics and the information pages are the same for every anonymous
reader, so they are rendered once and served from the cache until content changes. Only
views wrapped in ``cache_public_page`` are stored, only for GET/HEAD requests without a
session cookie (staff and anyone with a session always get a fresh page), and only
responses that set no cookie: the consultation form (CSRF token) and anything with
patient data or staff-only parts are never stored. ``serve_cached_pages``, early in the
middleware, answers from the cache without running sessions, authentication or the view.

Any save or delete of a live article, page or glossary term (which articles link to), a
topic or a redirect changes a version number that is part of every key, so edits show at
once. Scheduled publishing also shows on time: a page is kept no longer than the next
scheduled publish or unpublish moment. With several server processes the cache must be
shared (REDIS_URL) for edits to show at once in all of them.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import Article, ArticleRedirect, GlossaryTerm, Page, Topic

VERSION_KEY = "public-pages:version"


def _page_key(request):
    return f"public-pages:{request.get_full_path()}"


def _is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
    )


def _cached_page(request):
    """The stored response for this request, if it was stored under the current version.
    One cache round trip: the version and the page are read together."""
    key = _page_key(request)
    found = cache.get_many([VERSION_KEY, key])
    stored = found.get(key)
    if stored is None:
        return None
    version, response = stored
    return response if version == found.get(VERSION_KEY, 1) else None


def content_changed(**kwargs):
    """Forget every cached public page."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version stored yet: the default is 1
        cache.add(VERSION_KEY, 2, timeout=None)


def seconds_until_next_schedule_change():
    """Seconds until an article is due to appear or disappear, or None if none is."""
    now = timezone.now()
    upcoming = Article.objects.on_the_schedule().aggregate(
        next_publish=Min("published_at", filter=Q(published_at__gt=now)),
        next_unpublish=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
    )
    moments = [moment for moment in upcoming.values() if moment is not None]
    if not moments:
        return None
    return max(1, int((min(moments) - now).total_seconds()))


def cache_public_page(view):
    """Store this view's page for anonymous readers (served by ``serve_cached_pages``)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_anonymous_read(request):
            return view(request, *args, **kwargs)
        # Read before rendering: a change made meanwhile must not be hidden by this page.
        version = cache.get(VERSION_KEY, 1)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()
        # A page that set a cookie or carries a CSRF token belongs to one visitor only.
        uses_csrf_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        if response.status_code == 200 and not response.cookies and not uses_csrf_token:
            lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
            next_change = seconds_until_next_schedule_change()
            timeout = min(lifetime, next_change) if next_change else lifetime
            cache.set(_page_key(request), (version, response), timeout)
        return response

    return wrapper


def serve_cached_pages(get_response):
    """Middleware that answers an anonymous reader from the cache before sessions,
    authentication and the view are run. It sits inside the middleware that adds the
    security headers, so cached pages get them too."""

    def middleware(request):
        if _is_anonymous_read(request):
            request.get_host()  # refuses a Host the site does not serve, as usual
            response = _cached_page(request)
            if response is not None:
                return response
        return get_response(request)

    return middleware


def connect_signals():
    # Readers see only live copies: a working copy's save changes no public page.
    for model in (Article, ArticleRedirect, GlossaryTerm, Page, Topic):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-d-{model}")
