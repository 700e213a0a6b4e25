from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ClinicAdminConfig(AdminConfig):
    """Django's admin, served by our site class (two-factor sign-in when required)."""

    default_site = "clinic_site.admin.ClinicAdminSite"


class ClinicSiteConfig(AppConfig):
    """The project itself: its management commands and the staff accounts' admin."""

    name = "clinic_site"
    verbose_name = "Clinic site"

    def ready(self):
        # After the admin has registered Django's own user pages, which this replaces.
        from . import checks, staff_accounts  # noqa: F401
