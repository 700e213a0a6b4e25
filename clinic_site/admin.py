"""The staff site: Django's admin, asking for a one-time code from an authenticator app
at sign-in when STAFF_2FA_REQUIRED is on (the default outside development)."""

from django.conf import settings
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


# Plain names for the staff site's sections and lists (third-party apps included).
SECTION_NAMES = {
    "auth": "Staff accounts",
    "axes": "Sign-in lockouts",
    "otp_totp": "Authenticator apps",
    "otp_static": "Backup codes",
}
LIST_NAMES = {
    ("auth", "User"): "Staff accounts",
    ("auth", "Group"): "Roles (groups)",
    ("axes", "AccessAttempt"): "Failed sign-ins (current)",
    ("axes", "AccessFailureLog"): "Failed sign-ins (history)",
    ("axes", "AccessLog"): "Sign-in history",
    ("otp_totp", "TOTPDevice"): "Authenticator apps",
    ("otp_static", "StaticDevice"): "Backup codes",
    ("content", "ArticleRedirect"): "Old article addresses",
}


class ClinicAdminSite(OTPAdminSite):
    site_header = f"{settings.CLINIC['name']} staff"
    site_title = f"{settings.CLINIC['name']} staff"
    index_title = "Staff home"

    def __init__(self, name="admin"):
        super().__init__(name)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["name"] = SECTION_NAMES.get(app["app_label"], app["name"])
            for model in app["models"]:
                key = (app["app_label"], model["object_name"])
                model["name"] = LIST_NAMES.get(key, model["name"])
        return apps

    def index(self, request, extra_context=None):
        """A short page per role: what waits for this person, then the lists they use."""
        from content.staff_home import editor_panels, reviewer_panels
        from inquiries.staff_home import intake_panels

        panels = [
            *intake_panels(request.user),
            *reviewer_panels(request.user),
            *editor_panels(request.user),
        ]
        return super().index(request, (extra_context or {}) | {"panels": panels})

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
