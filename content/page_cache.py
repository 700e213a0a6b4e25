"""Caching whole public pages for anonymous readers.

The home page, the article list, topic pages, article pages, the glossary and the
information pages are the same for every anonymous reader, so they are rendered once and
served from the shared cache until content changes, or for PUBLIC_PAGE_CACHE_SECONDS at
most (0 turns the page cache off). Restarting or upgrading the site does not clear it:
``manage.py clear_page_cache`` does, and is a step of every deploy. Only views
wrapped in ``cache_public_page`` (content/urls.py) are stored, only for GET/HEAD
requests without a session cookie (staff and anyone with a session always get a fresh
page), and only answers with status 200 that set no cookie, use no CSRF token and are
not marked "no-store": the consultation form, the search, the self-checks and anything
with patient data or staff-only parts are never stored. ``serve_cached_pages``, early in
the middleware, answers from the cache without running sessions, authentication or the
view.

A page is stored under its scheme, host, path and the query parameters its view uses
(``page`` on lists); any other parameter is ignored, so made-up ones neither add entries
nor get round the cache. Every stored page carries the version it was made under: a
random token, kept without expiry, that any committed change to live content (articles,
pages, the glossary terms they link to, topics, redirects) replaces, so edits (and an
article taken off the site) show at once for every reader and every server process, and
a page is never served if the version cannot be read. Scheduled publishing shows on
time too: a page is kept no longer than the next scheduled publish or unpublish moment.

Public surface: ``cache_public_page``, ``serve_cached_pages``, ``content_changed``,
``connect_signals`` and ``is_cached`` (for the benchmark).
"""

import hashlib
import uuid
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone

from .models import Article, ArticleRedirect, GlossaryTerm, Page, Topic

_VERSION_KEY = "public-pages:version"


def _key(scheme, host, path, query, params):
    kept = urlencode(sorted((name, query[name]) for name in params if name in query))
    url = f"{scheme}://{host}{path}?{kept}"
    return "public-pages:" + hashlib.sha256(url.encode()).hexdigest()


def _request_key(request, params):
    return _key(request.scheme, request.get_host(), request.path, request.GET, params)


def _params_of(path):
    """The query parameters the view at ``path`` uses, or None if it is not cached."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def _is_anonymous_read(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
    )


def _new_version():
    """A fresh, random version that never expires: every page stored before it is
    forgotten. (A counter would not do: a cache that drops or expires it would bring an
    old version, and pages stored under it, back.)"""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _current_version():
    """The version pages are stored under now, made if there is none; None if the cache
    cannot be reached."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY)
    return version


def content_changed(**kwargs):
    """Forget every cached public page, once the change is committed (a reader arriving
    before the commit would otherwise store the old page under the new version)."""
    transaction.on_commit(_new_version)


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


def cache_public_page(view, params=()):
    """Store this view's page for anonymous readers (served by ``serve_cached_pages``),
    keyed on the query parameters in ``params`` only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_anonymous_read(request):
            return view(request, *args, **kwargs)
        # Read before rendering: a change made meanwhile must not be hidden by this page.
        version = _current_version()
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response = response.render()
        # A page that set a cookie or carries a CSRF token belongs to one visitor only,
        # and one the view marked "no-store" (a degraded page) is not kept either.
        uses_csrf_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        no_store = "no-store" in response.get("Cache-Control", "")
        if (
            version is not None
            and response.status_code == 200
            and not response.cookies
            and not uses_csrf_token
            and not no_store
        ):
            lifetime = settings.PUBLIC_PAGE_CACHE_SECONDS
            next_change = seconds_until_next_schedule_change()
            timeout = min(lifetime, next_change) if next_change else lifetime
            cache.set(_request_key(request, params), (version, response), timeout)
        return response

    wrapper.page_cache_params = tuple(params)
    return wrapper


def serve_cached_pages(get_response):
    """Middleware that answers an anonymous reader from the cache before sessions,
    authentication and the view are run. It sits inside the middleware that adds the
    security headers, so cached pages get them too."""

    def middleware(request):
        if _is_anonymous_read(request):
            params = _params_of(request.path_info)
            if params is not None:
                request.get_host()  # refuses a Host the site does not serve, as usual
                key = _request_key(request, params)
                # One round trip: the version and the page are read together.
                found = cache.get_many([_VERSION_KEY, key])
                stored, version = found.get(key), found.get(_VERSION_KEY)
                if stored is not None and version is not None and stored[0] == version:
                    return stored[1]
        return get_response(request)

    return middleware


def is_cached(url):
    """Whether the page at ``url`` (absolute, e.g. "http://host/articles/") is in the
    cache under the current version."""
    parts = urlsplit(url)
    params = _params_of(parts.path)
    if params is None:
        return False
    key = _key(parts.scheme, parts.netloc, parts.path, QueryDict(parts.query), params)
    found = cache.get_many([_VERSION_KEY, key])
    stored, version = found.get(key), found.get(_VERSION_KEY)
    return stored is not None and version is not None and stored[0] == version


def connect_signals():
    # Readers see only live copies: a working copy's save changes no public page.
    for model in (Article, ArticleRedirect, GlossaryTerm, Page, Topic):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-d-{model}")
