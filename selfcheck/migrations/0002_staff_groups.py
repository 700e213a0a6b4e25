"""Content editors change the self-check wording; medical reviewers read it."""

from django.db import migrations

from clinic_site.groups import ensure_groups
from selfcheck.staff_groups import GROUPS


def update_groups(apps, schema_editor):
    ensure_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("selfcheck", "0001_wording"),
        ("content", "0011_staff_groups_glossary"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
