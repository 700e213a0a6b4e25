"""Two-factor sign-in for staff that a clinic can run without a shell on the server.

When STAFF_2FA_REQUIRED is on, a member of staff with no authenticator yet signs in with
their user name and password and is taken to ``setup``: it shows a QR code (made here,
as an image inside the page, never fetched from another host) for their authenticator
app, once, and the authenticator counts only when they type a code it shows. They then
get ten backup codes, shown once (``backup_codes``), each usable once at sign-in instead
of an app code. An administrator can reset someone's authenticator and backup codes in
the admin (Users, "Reset two-factor sign-in"); the person then sets up a new one at
their next sign-in.
"""

import base64
import io

import qrcode
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
# The backup codes just made, kept in the session only until their page is shown.
NEW_BACKUP_CODES_SESSION_KEY = "two_factor_new_backup_codes"


def has_device(user):
    """True when the person has a confirmed authenticator or backup codes."""
    return any(devices_for_user(user, confirmed=True))


def needs_setup(user):
    """A member of staff signed in with their password who has no authenticator yet."""
    return (
        settings.STAFF_2FA_REQUIRED
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and not has_device(user)
    )


def device_for_code(user, code):
    """The confirmed device a code typed at sign-in is meant for: the authenticator app
    for six digits, the backup codes otherwise. One step, no list of devices to pick
    from, and a code is checked against one device only (a failed check slows down
    further tries on that device)."""
    model = TOTPDevice if code.strip().isdigit() else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True).first()


def qr_code_image(text):
    """A PNG of the QR code for ``text``, as a data: address for an <img> element."""
    picture = qrcode.make(text, box_size=6, border=4)
    png = io.BytesIO()
    picture.save(png, format="PNG")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


def readable_key(device):
    """The secret key in groups of four, for people who type it instead of scanning."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def issue_backup_codes(user):
    """Replace the person's backup codes with ten new ones and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_devices(user):
    """Remove the person's authenticator apps and backup codes. Returns how many."""
    removed = list(devices_for_user(user, confirmed=None))
    for device in removed:
        device.delete()
    return len(removed)


def _next_url(request):
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else reverse("admin:index")


class ConfirmCodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from your app",
        max_length=6,
        help_text="The six digits your authenticator app shows for this account now.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


@never_cache
@sensitive_post_parameters("otp_token")
def setup(request, admin_site):
    """Set up an authenticator app: show a new QR code once, confirm it with a code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not needs_setup(request.user):
        return redirect(_next_url(request))
    context = {**admin_site.each_context(request), "title": "Set up two-factor sign-in"}
    context["next"] = _next_url(request)

    if request.method == "POST":
        form = ConfirmCodeForm(request.POST)
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            return redirect(request.get_full_path())  # start again with a new code
        if form.is_valid() and device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[NEW_BACKUP_CODES_SESSION_KEY] = issue_backup_codes(request.user)
            next_query = urlencode({REDIRECT_FIELD_NAME: context["next"]})
            return redirect(f"{reverse('admin:two_factor_backup_codes')}?{next_query}")
        if form.is_valid():
            form.add_error(
                "otp_token",
                forms.ValidationError(
                    "That code did not match. Type the code your app shows now.",
                    code="invalid_token",
                ),
            )
        # The QR code is not shown again: a new one is made if they start again.
        return render(request, "admin/two_factor_setup.html", context | {"form": form})

    # Each time this page is opened, a new secret: it is shown this once.
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=request.user, name=APP_DEVICE_NAME, confirmed=False)
    context |= {
        "form": ConfirmCodeForm(),
        "qr_code": qr_code_image(device.config_url),
        "key": readable_key(device),
    }
    return render(request, "admin/two_factor_setup.html", context)


@never_cache
def backup_codes(request, admin_site):
    """The ten backup codes just made, shown once."""
    codes = request.session.pop(NEW_BACKUP_CODES_SESSION_KEY, None)
    if codes is None or not admin_site.has_permission(request):
        return redirect(_next_url(request))
    context = {
        **admin_site.each_context(request),
        "title": "Your backup codes",
        "codes": codes,
        "next": _next_url(request),
    }
    return render(request, "admin/two_factor_backup_codes.html", context)
