"""Enrol a staff member for two-factor sign-in with an authenticator app.

    python manage.py enroll_2fa <username>

Prints an otpauth:// link and a QR code for the terminal; the staff member scans it with
an authenticator app (or types the link's secret by hand). Run it again with --replace
to issue a new code for a lost phone; the old one stops working.
"""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Enrol a staff member for two-factor sign-in and print the QR code to scan."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the person's existing authenticator devices first.",
        )
        parser.add_argument("--no-qr", action="store_true", help="Print only the link.")

    def handle(self, username, replace=False, no_qr=False, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        devices = TOTPDevice.objects.filter(user=user)
        if devices.exists() and not replace:
            raise CommandError(
                f"{username} already has an authenticator. Use --replace to issue a new one."
            )
        devices.delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        uri = device.config_url
        self.stdout.write(f"Two-factor sign-in is set up for {username}.")
        self.stdout.write("Scan this with an authenticator app, or open the link on the phone:")
        self.stdout.write(uri)
        if not no_qr:
            code = qrcode.QRCode(border=1)
            code.add_data(uri)
            picture = io.StringIO()
            code.print_ascii(out=picture, invert=True)
            self.stdout.write(picture.getvalue())
        self.stdout.write("Keep this private: anyone with it can make sign-in codes.")
