"""Content editors change the self-check wording; medical reviewers read it."""

from django.db import migrations

# The groups as they were when this migration was written: later changes come in
# later migrations, so a new install ends up where an old one did.
from clinic_site.groups import ensure_groups

GROUPS = {
    "Content editors": {
        "selfcheck": {
            "selfcheckwordingdraft": ["add", "change", "view"],
            "selfcheckwording": ["view"],
        },
    },
    "Medical reviewers": {
        "selfcheck": {
            "selfcheckwordingdraft": ["view"],
            "selfcheckwording": ["view"],
        },
    },
}


def update_groups(apps, schema_editor):
    ensure_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("selfcheck", "0001_wording"),
        ("content", "0011_staff_groups_glossary"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
