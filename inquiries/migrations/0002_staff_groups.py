"""Create the two staff groups, so a new install has the right permissions."""

from django.db import migrations

from inquiries.staff_groups import GROUPS, ensure_staff_groups


def create_groups(apps, schema_editor):
    ensure_staff_groups(apps)


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
