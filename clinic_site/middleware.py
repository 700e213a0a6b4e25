import time

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError


def permissions_policy(get_response):
    """Turn off browser features the site never uses (camera, microphone, location...)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def staff_session_limits(get_response):
    """Sign staff out after STAFF_IDLE_TIMEOUT_MINUTES without a request, and
    STAFF_SESSION_MAX_HOURS after they signed in however busy they are.

    The session cookie already ends when the browser closes; this also ends a staff
    session left open on an unattended computer, or one that someone keeps alive.
    """

    def middleware(request):
        try:
            user = request.user
            is_staff = user.is_authenticated and user.is_staff
        except DatabaseError:
            # Sessions cannot be read while the database is down: the public pages that
            # still work (crisis help, the form's "not sent" page) need no session.
            is_staff = False
        if is_staff:
            now = int(time.time())
            last_seen = request.session.get("staff_last_seen", now)
            started = request.session.setdefault("staff_signed_in", now)
            idle = now - last_seen > settings.STAFF_IDLE_TIMEOUT_MINUTES * 60
            too_long = now - started > settings.STAFF_SESSION_MAX_HOURS * 3600
            if idle or too_long:
                logout(request)
            else:
                request.session["staff_last_seen"] = now
        return get_response(request)

    return middleware


def staff_pages_allow_inline_styles(get_response):
    """The admin (and its rich-text editor) sets some styles inline; allow that on staff
    pages only. Scripts stay strict everywhere, and public pages allow no inline style."""
    staff_prefix = f"/{settings.ADMIN_URL}"

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(staff_prefix):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response

    return middleware
