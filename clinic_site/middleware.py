import time

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.contrib.auth import logout


def permissions_policy(get_response):
    """Turn off browser features the site never uses (camera, microphone, location...)."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def staff_idle_timeout(get_response):
    """Sign staff out after STAFF_IDLE_TIMEOUT_MINUTES without a request.

    The session cookie already ends when the browser closes; this also ends a staff
    session left open on an unattended computer.
    """

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get("staff_last_seen", now)
            if now - last_seen > settings.STAFF_IDLE_TIMEOUT_MINUTES * 60:
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
