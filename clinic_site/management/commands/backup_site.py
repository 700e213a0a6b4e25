"""Back up the database and the uploaded media.

    python manage.py backup_site /var/backups/clinic

Makes a new folder in the given one, named by the date and time (UTC), which only its
owner can open, holding database.dump (pg_dump's custom format) and media.tar (every
file under MEDIA_ROOT), each readable by its owner only. The backup holds health
information: encrypt it and keep a copy off the server (docs/backup.md). Restore it with
restore_site.
"""

import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clinic_site.backup import (
    DATABASE_FILE,
    MEDIA_FILE,
    create_private_file,
    require_postgresql,
    run_postgres_tool,
)


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc) and uploaded media into a new private folder."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="Folder in which the backup's folder is made.")

    def handle(self, destination, **options):
        require_postgresql()
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        folder = Path(destination) / f"clinic-backup-{stamp}"
        try:
            Path(destination).mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
        except FileExistsError:
            raise CommandError(f"{folder} already exists: wait a second and run again.") from None
        folder.chmod(0o700)  # whatever the umask

        with create_private_file(folder / DATABASE_FILE) as dump:
            run_postgres_tool("pg_dump", "--format=custom", stdout=dump)

        media_root = Path(settings.MEDIA_ROOT)
        files = 0
        with (
            create_private_file(folder / MEDIA_FILE) as archive,
            tarfile.open(fileobj=archive, mode="w") as tar,
        ):
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    tar.add(path, arcname=path.relative_to(media_root), recursive=False)
                    files += path.is_file()

        size = (folder / DATABASE_FILE).stat().st_size
        self.stdout.write(
            f"Backed up to {folder}: the database ({size:,} bytes) and {files} media file(s).\n"
            "It holds health information: encrypt it and copy it off this server "
            "(docs/backup.md)."
        )
