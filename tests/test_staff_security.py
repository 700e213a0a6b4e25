import time
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import make_draft, make_staff
from .test_settings import run_django

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, **extra},
        REMOTE_ADDR="198.51.100.7",
    )


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def test_admin_lives_at_the_address_in_admin_url():
    result = run_django(
        "from django.test import Client; c = Client();"
        "print(c.get('/staff-door/').status_code, c.get('/admin/').status_code)",
        DEBUG="1",
        ALLOWED_HOSTS="testserver",
        ADMIN_URL="staff-door/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["302", "404"]


def test_repeated_failures_lock_the_sign_in_and_never_record_the_password(client, settings, caplog):
    make_staff("intake", "Intake staff")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "intake", "wrong-password-123").status_code == 200
    assert sign_in(client, "intake", "wrong-password-123").status_code == 429

    locked = sign_in(client, "intake")  # even the right password is refused now

    assert locked.status_code == 429
    assert "Sign-in locked for now" in locked.content.decode()
    text = locked.content.decode()
    assert "ask the clinic's site administrator" in text  # whom to ask, not a command
    assert "manage.py" not in text and "Django administration" not in text
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "intake"
    # What was sent is kept, with the password's value hidden.
    assert "username=intake\npassword=********************" in attempt.post_data
    stored = [
        str(value)
        for model in [AccessAttempt, AccessLog, AccessFailureLog]
        for row in model.objects.values()
        for value in row.values()
    ]
    assert [text for text in stored if "wrong-password-123" in text] == []
    assert "intake" in caplog.text  # axes logged the failures, without the password
    assert "wrong-password-123" not in caplog.text


def test_documented_command_lifts_the_lock(client, settings):
    make_staff("intake", "Intake staff")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "intake", "wrong-password-123")
    call_command("axes_reset_username", "intake", stdout=StringIO())
    response = sign_in(client, "intake")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_two_factor_sign_in_is_required_when_switched_on(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = make_staff("intake", "Intake staff")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    without_code = sign_in(client, "intake")
    assert without_code.status_code == 200
    assert client.get("/admin/").status_code == 302

    # Password and code in one step: with one authenticator there is nothing to pick.
    right = sign_in(client, "intake", otp_token=current_code(device))
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = make_staff("intake", "Intake staff")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    wrong_code = "000000" if current_code(device) != "000000" else "111111"

    response = sign_in(client, "intake", otp_token=wrong_code)

    assert response.status_code == 200
    assert "Invalid token" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_alone_is_not_enough_for_a_signed_in_session(client, settings):
    settings.STAFF_2FA_REQUIRED = True
    user = make_staff("editor", "Content editors")
    client.force_login(user)  # a session without a verified second factor
    assert client.get("/admin/").status_code == 302
    draft = make_draft()
    assert client.get(f"/admin/content/articledraft/{draft.pk}/preview/").status_code == 302


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("Elevenchar1")  # one short of twelve
    validate_password("long enough pass phrase")


def test_idle_staff_session_ends(client, settings):
    client.force_login(make_staff("intake", "Intake staff"))
    assert client.get("/admin/").status_code == 200

    session = client.session
    session["staff_last_seen"] = int(time.time()) - (settings.STAFF_IDLE_TIMEOUT_MINUTES * 60 + 5)
    session.save()

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_active_staff_session_goes_on(client, settings):
    client.force_login(make_staff("intake", "Intake staff"))
    session = client.session
    session["staff_last_seen"] = int(time.time()) - 60
    session.save()
    assert client.get("/admin/").status_code == 200


def test_session_cookie_ends_with_the_browser(client):
    make_staff("intake", "Intake staff")
    response = sign_in(client, "intake")
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_authenticator_secret_pages_do_not_exist(admin_client):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=get_user_model().objects.get(), name="phone")
    for pk in (device.pk, 99999):
        for page in ("config", "qrcode"):
            url = f"/admin/otp_totp/totpdevice/{pk}/{page}/"
            assert admin_client.get(url).status_code == 404, url
