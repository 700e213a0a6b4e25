"""Create the two staff groups, so a new install has the right permissions."""

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


def create_groups(apps, schema_editor):
    ensure_groups(apps, GROUPS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0001_initial"),
        ("inquiries", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
