"""Content editors manage glossary terms; medical reviewers read them."""

from django.db import migrations

# The groups as they were when this migration was written: later changes come in
# later migrations, so a new install ends up where an old one did.
from clinic_site.groups import ensure_groups

GROUPS = {
    "Content editors": {
        "content": {
            "glossarytermdraft": ["add", "change", "delete", "view"],
            "glossaryterm": ["view"],
        },
    },
    "Medical reviewers": {
        "content": {
            "glossarytermdraft": ["view"],
            "glossaryterm": ["view"],
        },
    },
}


def update_groups(apps, schema_editor):
    ensure_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [("content", "0010_glossary")]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
