from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ClinicAdminConfig(AdminConfig):
    """Django's admin, served by our site class (two-factor sign-in when required)."""

    default_site = "clinic_site.admin.ClinicAdminSite"


class ClinicSiteConfig(AppConfig):
    """The project itself, for its management commands (staff two-factor enrolment)."""

    name = "clinic_site"
    verbose_name = "Clinic site"
