"""The staff site: Django's admin, asking for a one-time code from an authenticator app
at sign-in when STAFF_2FA_REQUIRED is on (the default outside development)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class StaffSignInForm(OTPAdminAuthenticationForm):
    """User name, password and one-time code in one step: a member of staff with one
    authenticator (the usual case) need not pick it from a list first."""

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                return devices[0]
        return device


class ClinicAdminSite(OTPAdminSite):
    site_header = f"{settings.CLINIC['name']} staff"
    site_title = f"{settings.CLINIC['name']} staff"
    index_title = "Articles, pages and consultation requests"

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        if settings.STAFF_2FA_REQUIRED:
            return StaffSignInForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        if settings.STAFF_2FA_REQUIRED:
            return OTPAdminSite.login_template  # adds the one-time code field
        return "admin/login.html"

    def has_permission(self, request):
        if settings.STAFF_2FA_REQUIRED:
            return super().has_permission(request)  # also requires a verified device
        return AdminSite.has_permission(self, request)


def staff_can_use_admin(request):
    """The admin's own entry check, for staff-only pages outside the admin (previews)."""
    return admin.site.has_permission(request)
