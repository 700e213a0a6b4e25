"""Staff accounts in the admin: Django's own user pages, plus resetting someone's
two-factor sign-in (a lost phone, used-up backup codes). Only administrators
(superusers) can reset; the reset is written to the person's history."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .admin import PlainListTitle

User = get_user_model()


class StaffUserAdmin(PlainListTitle, UserAdmin):
    actions = ["reset_two_factor"]

    def has_reset_two_factor_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description="Reset two-factor sign-in (lost phone or backup codes)",
        permissions=["reset_two_factor"],
    )
    def reset_two_factor(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Reset two-factor sign-in?",
                "opts": self.model._meta,
                "people": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/auth/user/reset_two_factor.html", context)
        for person in queryset:
            removed = two_factor.reset_devices(person)
            self.log_change(
                request,
                person,
                f"Reset two-factor sign-in ({removed} device(s) removed); "
                "a new authenticator is set up at the next sign-in.",
            )
        self.message_user(
            request,
            f"Two-factor sign-in reset for {len(queryset)} account(s): "
            f"{', '.join(p.get_username() for p in queryset)}. Each sets up a new "
            "authenticator at their next sign-in.",
            messages.SUCCESS,
        )
        return None


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Authenticator apps, without the pages that show a device's secret (switched off
    by OTP_ADMIN_HIDE_SENSITIVE_DATA): those addresses do not exist, for any device."""

    def get_urls(self):
        hidden = {"otp_totp_totpdevice_config", "otp_totp_totpdevice_qrcode"}
        gone = [path(f"<path:object_id>/{page}/", self.not_here) for page in ("config", "qrcode")]
        return gone + [url for url in super().get_urls() if url.name not in hidden]

    def not_here(self, request, object_id):
        raise Http404


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)
