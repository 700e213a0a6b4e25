"""Backups of the site: the PostgreSQL database in its own custom format (pg_dump -Fc)
and every uploaded file under MEDIA_ROOT. Used by the backup_site and restore_site
commands; docs/backup.md says how to run, store and restore them.

A backup holds health information (every consultation request), so it is written
readable by its owner only, and docs/backup.md says how to encrypt it.
"""

import os
import subprocess

from django.core.management.base import CommandError
from django.db import connection

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"


def require_postgresql():
    if connection.vendor != "postgresql":
        raise CommandError(
            "Backups use PostgreSQL's pg_dump and pg_restore: set DATABASE_URL to the "
            "site's PostgreSQL database. (The SQLite file of a development site can "
            "simply be copied.)"
        )


def run_postgres_tool(program, *arguments, stdout=None):
    """Run pg_dump or pg_restore against the site's database. The password goes in the
    environment, never on the command line, where other users of the server could see
    it."""
    database = connection.settings_dict
    command = [program, "--no-password"]
    for option, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if database.get(key):
            command += [option, str(database[key])]
    command += ["--dbname", database["NAME"], *arguments]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    try:
        result = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    except FileNotFoundError:
        raise CommandError(
            f"{program} was not found: install PostgreSQL's client tools "
            "(e.g. apt-get install postgresql-client), of the server's version or newer."
        ) from None
    if result.returncode != 0:
        raise CommandError(f"{program} failed:\n{result.stderr.decode(errors='replace')}")


def create_private_file(path):
    """Open a new file that only its owner can read or write (mode 0600)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
