"""The database cache's table, so any install without Redis has its shared cache.

The same as `manage.py createcachetable clinic_cache` (the LOCATION in settings.py), made
whatever the cache settings are today; safe to run again.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", "clinic_cache", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
