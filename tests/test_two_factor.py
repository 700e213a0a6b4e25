"""Staff set up two-factor sign-in themselves at their first sign-in, get ten one-time
backup codes, and an administrator can reset it in the admin."""

import base64
import io
import re
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from clinic_site.two_factor import issue_backup_codes

from .factories import make_staff
from .test_staff_security import current_code, sign_in

pytestmark = pytest.mark.django_db

SETUP = "/admin/two-factor/setup/"
CODES = "/admin/two-factor/backup-codes/"


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def key_on(page):
    """The key the setup page shows under "Cannot scan it?", without its spaces."""
    return re.search(r'<code id="setup-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")


def app_code(key, offset=0):
    """The code an authenticator app shows for ``key``, ``offset`` steps from now."""
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), drift=offset)
    return str(totp.token()).zfill(6)


def wrong(code):
    return "000000" if code != "000000" else "111111"


def start_setup(client, username="newstaff"):
    make_staff(username, "Intake staff")
    response = sign_in(client, username)  # user name and password, no code yet
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_first_sign_in_shows_a_qr_code_made_by_the_site_and_nothing_else_opens(client):
    page = start_setup(client)

    (picture,) = re.findall(r'<img src="(data:image/png;base64,[^"]+)"', page)
    png = base64.b64decode(picture.split(",", 1)[1])
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert 'alt="QR code to scan with your authenticator app"' in page
    assert len(key_on(page)) == 32
    device = TOTPDevice.objects.get(user__username="newstaff")
    assert not device.confirmed
    # With the password alone, the staff site stays closed.
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/inquiries/inquiry/").status_code == 302
    csp = client.get(SETUP)["Content-Security-Policy"]
    assert "img-src 'self' data:" in csp


def test_a_wrong_code_does_not_confirm_the_authenticator(client):
    page = start_setup(client)

    response = client.post(SETUP, {"otp_token": wrong(app_code(key_on(page))), "next": "/admin/"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "That code did not match" in text
    assert "data:image/png" not in text and key_on(page).replace(" ", "") not in text
    assert not TOTPDevice.objects.get(user__username="newstaff").confirmed
    assert not StaticDevice.objects.exists()
    assert client.get("/admin/").status_code == 302


def test_the_right_code_confirms_it_and_gives_ten_backup_codes_once(client):
    page = start_setup(client)

    response = client.post(SETUP, {"otp_token": app_code(key_on(page)), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"].startswith(CODES)
    assert TOTPDevice.objects.get(user__username="newstaff").confirmed
    shown = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", shown)
    stored = StaticToken.objects.filter(device__user__username="newstaff")
    assert len(codes) == 10 and sorted(codes) == sorted(stored.values_list("token", flat=True))
    assert client.get("/admin/").status_code == 200  # signed in with both factors now
    # Shown once: opening the page again shows no codes, and setup offers no new QR code.
    again = client.get(CODES)
    assert again.status_code == 302 and codes[0] not in client.get("/admin/").content.decode()
    assert client.get(SETUP).status_code == 302
    assert TOTPDevice.objects.filter(user__username="newstaff").count() == 1


def test_each_visit_to_setup_makes_a_new_secret_so_none_is_shown_twice(client):
    first = key_on(start_setup(client))
    second = key_on(client.get(SETUP).content.decode())
    assert first != second
    # Only the latest one can be confirmed.
    response = client.post(SETUP, {"otp_token": app_code(first), "next": "/admin/"})
    assert response.status_code == 200
    assert TOTPDevice.objects.get().key != base64.b32decode(first).hex()


def test_setup_is_not_for_visitors_or_for_staff_who_have_an_authenticator(client):
    assert client.get(SETUP)["Location"].startswith("/admin/login/")
    user = make_staff("intake", "Intake staff")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)  # password only, a device already set up
    assert client.get(SETUP).status_code == 302
    assert TOTPDevice.objects.count() == 1


def enrolled(username="intake"):
    user = make_staff(username, "Intake staff")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device, issue_backup_codes(user)


def test_sign_in_with_app_code_stays_one_step_with_backup_codes_too(client):
    _, device, _ = enrolled()
    response = sign_in(client, "intake", otp_token=current_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_signs_in_once(client):
    _, _, codes = enrolled()

    for code in codes[3:5]:
        assert sign_in(client, "intake", otp_token=code)["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        client.logout()

    reused = sign_in(client, "intake", otp_token=codes[3])
    assert reused.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.count() == 8


def test_without_a_code_someone_with_an_authenticator_is_not_let_in(client):
    enrolled()
    response = sign_in(client, "intake")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert client.get(SETUP).status_code == 302  # no way round the code through setup


RESET = {"action": "reset_two_factor"}


def test_an_administrator_resets_someone_s_two_factor_after_confirming(client, settings):
    settings.STAFF_2FA_REQUIRED = False  # the administrator's own sign-in is not the point
    person, _, _ = enrolled()
    admin = make_staff("boss", is_superuser=True)
    client.force_login(admin)

    confirm = client.post("/admin/auth/user/", RESET | {"_selected_action": [person.pk]})
    assert confirm.status_code == 200
    assert "This removes the authenticator app and the backup codes of" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=person).exists()  # nothing happens before "yes"

    done = client.post(
        "/admin/auth/user/",
        RESET | {"_selected_action": [person.pk], "confirmed": "yes"},
        follow=True,
    )

    assert "Two-factor sign-in reset for 1 account(s): intake" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert entry.user == admin and "Reset two-factor sign-in" in entry.get_change_message()
    history = client.get(f"/admin/auth/user/{person.pk}/history/").content.decode()
    assert "Reset two-factor sign-in" in history

    # The person sets up a new authenticator at their next sign-in.
    client.logout()
    settings.STAFF_2FA_REQUIRED = True
    assert sign_in(client, "intake")["Location"].startswith(SETUP)


def test_staff_who_are_not_administrators_cannot_reset(client, settings):
    settings.STAFF_2FA_REQUIRED = False
    person, _, _ = enrolled()
    manager = make_staff("manager")
    manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client.force_login(manager)

    listing = client.get("/admin/auth/user/")
    assert listing.status_code == 200
    assert "reset_two_factor" not in listing.content.decode()
    client.post("/admin/auth/user/", RESET | {"_selected_action": [person.pk], "confirmed": "yes"})
    assert TOTPDevice.objects.filter(user=person).exists()

    client.force_login(make_staff("intake2", "Intake staff"))
    assert client.get("/admin/auth/user/").status_code == 403
    assert TOTPDevice.objects.filter(user=person).exists()


class CodeFromTheApp:
    """Stands for the person reading their app after scanning the terminal's QR code."""

    def __init__(self, username, right=True):
        self.username, self.right = username, right

    def readline(self):
        device = TOTPDevice.objects.get(user__username=self.username, confirmed=False)
        code = current_code(device)
        return (code if self.right else wrong(code)) + "\n"


def test_enroll_command_shows_only_a_qr_code_and_needs_a_right_code():
    make_staff("firstadmin", is_superuser=True)
    with pytest.raises(CommandError, match="did not match"):
        call_command(
            "enroll_2fa",
            "firstadmin",
            stdin=CodeFromTheApp("firstadmin", right=False),
            stdout=StringIO(),
        )
    assert not TOTPDevice.objects.exists()

    out = StringIO()
    call_command("enroll_2fa", "firstadmin", stdin=CodeFromTheApp("firstadmin"), stdout=out)

    text = out.getvalue()
    device = TOTPDevice.objects.get(user__username="firstadmin")
    assert device.confirmed
    assert "█" in text or "▀" in text or "▄" in text  # the terminal QR code
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    for form in [secret, secret.lower(), device.key, "otpauth://"]:
        assert form not in text
    assert StaticToken.objects.filter(device__user=device.user).count() == 10

    with pytest.raises(CommandError, match="already has an authenticator"):
        call_command("enroll_2fa", "firstadmin", stdout=StringIO())
    call_command(
        "enroll_2fa",
        "firstadmin",
        "--replace",
        stdin=CodeFromTheApp("firstadmin"),
        stdout=StringIO(),
    )
    assert TOTPDevice.objects.get(user__username="firstadmin").key != device.key


def test_the_admin_s_device_pages_show_no_secret_or_backup_code(client, settings):
    settings.STAFF_2FA_REQUIRED = False
    _, device, codes = enrolled()
    client.force_login(make_staff("boss", is_superuser=True))

    app_page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    backup_page = client.get(
        f"/admin/otp_static/staticdevice/{StaticDevice.objects.get().pk}/change/"
    )

    assert app_page.status_code == backup_page.status_code == 200
    assert device.key not in app_page.content.decode()
    assert "otpauth://" not in app_page.content.decode()
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code in {403, 404}
    assert not [code for code in codes if code in backup_page.content.decode()]
