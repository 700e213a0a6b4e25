"""Views that belong to the site as a whole rather than to one app."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers (the cache is
    reported on its own: without it the site is slower, not down), 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    check = getattr(cache, "check", None)
    cache_state = "ok" if check is None or check() else "unavailable"
    status = {"ok": "ok", "unavailable": "degraded"}[cache_state]
    if database != "ok":
        status = "error"
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_state},
        status=503 if database != "ok" else 200,
    )


def server_error(request):
    """The 500 page, rendered with the request so it carries the crisis line and the
    clinic's details. It reads settings only, never the database, which may be down."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}, request))


def csrf_failure(request, reason=""):
    """A form was sent without a valid security token (usually it was open too long)."""
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
