"""Content editors manage glossary terms; medical reviewers read them."""

from django.db import migrations

from clinic_site.groups import ensure_groups
from content.staff_groups import GROUPS


def update_groups(apps, schema_editor):
    ensure_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [("content", "0010_glossary")]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
