"""Give content editors the medical reviewers and article redirects (added later)."""

from django.db import migrations

from inquiries.staff_groups import ensure_staff_groups


def update_groups(apps, schema_editor):
    ensure_staff_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0002_staff_groups"),
        ("content", "0003_article_search_index"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
