"""What every e-mail to staff shares: links back to the staff site.

E-mails are sent by the worker, outside any request, so links are built from SITE_URL.
"""

from django.conf import settings


def staff_link(path):
    """``path`` on the site's public address (just the path if SITE_URL is unset)."""
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path
