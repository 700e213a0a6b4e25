"""Set up two-factor sign-in for a member of staff from the server's terminal.

    python manage.py enroll_2fa <username>

Staff normally set up their authenticator app themselves at their first sign-in, in
their browser. This command is for the first administrator, or for one who can no
longer sign in: it prints a QR code for the terminal (and nothing else that holds the
secret), asks for the code the app then shows, and keeps the authenticator only if that
code is right. It also prints ten new backup codes. Use --replace to replace an existing
authenticator (a lost phone); the old one stops working.
"""

import io
import sys

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_site import two_factor


class Command(BaseCommand):
    help = "Set up two-factor sign-in for a member of staff: scan the QR code, type the code."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the person's existing authenticator and backup codes first.",
        )

    def handle(self, username, replace=False, **options):
        stdin = options.get("stdin", sys.stdin)
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if two_factor.has_device(user) and not replace:
            raise CommandError(
                f"{username} already has an authenticator. Use --replace to issue a new one."
            )

        device = TOTPDevice(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=False)
        code = qrcode.QRCode(border=1)
        code.add_data(device.config_url)
        picture = io.StringIO()
        code.print_ascii(out=picture, invert=True)
        self.stdout.write(f"Scan this with {username}'s authenticator app:")
        self.stdout.write(picture.getvalue())
        self.stdout.write("Then type the six-digit code the app shows: ", ending="")
        self.stdout.flush()
        # Saved only now, and confirmed only if the code is right.
        with transaction.atomic():
            device.save()
            if not device.verify_token(stdin.readline().strip()):
                raise CommandError("That code did not match. Nothing was changed; run again.")
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save()
            codes = two_factor.issue_backup_codes(user)
        self.stdout.write(f"Two-factor sign-in is set up for {username}.")
        self.stdout.write("Backup codes, each usable once instead of an app code:")
        self.stdout.write("  " + "  ".join(codes))
        self.stdout.write("Give them to the person to keep somewhere private.")
