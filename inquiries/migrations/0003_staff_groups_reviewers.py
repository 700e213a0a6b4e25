"""Give content editors the medical reviewers and article redirects (added later)."""

from django.db import migrations

# The groups as they were when this migration was written: later changes come in
# later migrations, so a new install ends up where an old one did.
from clinic_site.groups import ensure_groups

GROUPS = {
    "Content editors": {
        "content": {
            "topic": ["add", "change", "delete", "view"],
            "article": ["add", "change", "delete", "view"],
            "reference": ["add", "change", "delete", "view"],
            "reviewer": ["add", "change", "view"],
            "articleredirect": ["add", "change", "delete", "view"],
            "page": ["add", "change", "view"],
        },
    },
    "Intake staff": {
        "inquiries": {
            "inquiry": ["change", "view", "export"],
            "inquirynote": ["add", "view"],
            "accesslogentry": ["view"],
        },
    },
}


def update_groups(apps, schema_editor):
    ensure_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0002_staff_groups"),
        ("content", "0003_article_search_index"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
