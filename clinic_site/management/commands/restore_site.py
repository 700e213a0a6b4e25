"""Restore a backup made by backup_site.

    createdb clinic_restored
    DATABASE_URL=postgres://.../clinic_restored MEDIA_ROOT=/srv/clinic/media-restored \\
        python manage.py restore_site /var/backups/clinic/clinic-backup-20261202-030000

The database named by DATABASE_URL must be new and empty, and MEDIA_ROOT empty or not
there yet: a restore never mixes with, or writes over, the data of a running site. Then
point the site at the restored database and media folder (docs/backup.md).
"""

import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from clinic_site.backup import DATABASE_FILE, MEDIA_FILE, require_postgresql, run_postgres_tool


class Command(BaseCommand):
    help = "Restore a backup made by backup_site into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup's folder (clinic-backup-...).")

    def handle(self, backup, **options):
        require_postgresql()
        folder = Path(backup)
        dump, media = folder / DATABASE_FILE, folder / MEDIA_FILE
        for part in [dump, media]:
            if not part.is_file():
                raise CommandError(f"{part} is missing: is {folder} a decrypted backup folder?")
        name = connection.settings_dict["NAME"]
        if connection.introspection.table_names():
            raise CommandError(
                f"The database {name} is not empty. Restore into a new database "
                "(createdb) and point DATABASE_URL at it."
            )
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists() and any(media_root.iterdir()):
            raise CommandError(
                f"MEDIA_ROOT ({media_root}) is not empty. Restore into a new folder."
            )
        connection.close()

        run_postgres_tool(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(dump),
        )
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media, mode="r") as tar:
            # "data": nothing outside MEDIA_ROOT, no links out, no device files.
            tar.extractall(media_root, filter="data")
            files = sum(member.isfile() for member in tar.getmembers())

        self.stdout.write(
            f"Restored the database into {name} and {files} media file(s) into {media_root}."
        )
