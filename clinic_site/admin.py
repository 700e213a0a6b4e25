"""The staff site: Django's admin, asking for a one-time code from an authenticator app
at sign-in when STAFF_2FA_REQUIRED is on (the default outside development).

Sign-in is one step: user name, password and code (from the app, or a backup code).
Someone with no authenticator yet signs in with their password alone and is taken
straight to setting one up (clinic_site/two_factor.py), and to nothing else.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from . import two_factor


class StaffSignInForm(OTPAdminAuthenticationForm):
    """User name, password and one-time code in one step: the code typed says which
    device it is for (six digits: the app; otherwise: a backup code), so nobody picks
    from a list first."""

    otp_token = forms.CharField(
        required=False,
        label="Code",
        help_text="The six digits your authenticator app shows, or one of your backup "
        "codes. Leave it empty the first time you sign in.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean_otp(self, user):
        if user is not None and not two_factor.has_device(user):
            # First sign-in (or after a reset): the password lets them in only as far as
            # setting up an authenticator; the admin stays closed until they have.
            return
        super().clean_otp(user)

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            return two_factor.device_for_code(user, self.cleaned_data.get("otp_token") or "")
        return device


def staff_time(moment):
    """A date and time as the staff site writes them everywhere: 12-hour, in the clinic's
    time zone ("Wed 2 Dec 2026, 9:00 AM"; see clinic_site/formats/)."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class PlainListTitle:
    """A list titled with what it lists ("Articles"), not "Select article to change"."""

    def changelist_view(self, request, extra_context=None):
        title = capfirst(self.opts.verbose_name_plural)
        return super().changelist_view(request, {"title": title, **(extra_context or {})})


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
    # Lists and forms get the whole width (the staff home lists every section).
    enable_nav_sidebar = False

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
            return "admin/staff_login.html"  # adds the one-time code field
        return "admin/login.html"

    def has_permission(self, request):
        if settings.STAFF_2FA_REQUIRED:
            return super().has_permission(request)  # also requires a verified device
        return AdminSite.has_permission(self, request)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        if two_factor.needs_setup(request.user):
            next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(
                REDIRECT_FIELD_NAME, reverse("admin:index", current_app=self.name)
            )
            query = urlencode({REDIRECT_FIELD_NAME: next_url})
            return redirect(f"{reverse('admin:two_factor_setup', current_app=self.name)}?{query}")
        return response

    def autocomplete_view(self, request):
        # Type-ahead lookups would say whether a request exists for a name, e-mail or
        # phone number, unlogged: none for consultation requests.
        if request.GET.get("app_label") == "inquiries":
            raise PermissionDenied
        return super().autocomplete_view(request)

    def view_on_site(self, request, content_type_id, object_id):
        """The admin's "/r/" shortcut, for people who may view that kind of thing only:
        it must not tell anyone else where a draft or a request lives."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        if model is None or not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            raise PermissionDenied
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def get_urls(self):
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            path("two-factor/setup/", self.two_factor_setup, name="two_factor_setup"),
            path(
                "two-factor/backup-codes/",
                self.two_factor_backup_codes,
                name="two_factor_backup_codes",
            ),
            *super().get_urls(),
        ]

    def two_factor_setup(self, request):
        return two_factor.setup(request, self)

    def two_factor_backup_codes(self, request):
        return two_factor.backup_codes(request, self)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with a real <label> ("Date:", "Time:")."""

    template_name = "admin/widgets/labelled_split_datetime.html"
