"""Views that belong to the site as a whole rather than to one app."""

from django.db import DatabaseError, connection
from django.http import HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """The 500 page, rendered with the request so it carries the crisis line and the
    clinic's details. It reads settings only, never the database, which may be down."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}, request))


def csrf_failure(request, reason=""):
    """A form was sent without a valid security token (usually it was open too long)."""
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))
