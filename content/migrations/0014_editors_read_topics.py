"""Content editors only read topics: a topic's name and description are shown to readers
and no medical review covers them, so the site's administrators keep them."""

from django.db import migrations

TAKEN_AWAY = ["add_topic", "change_topic", "delete_topic"]


def editors_read_topics(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    taken_away = Permission.objects.filter(
        content_type__app_label="content", codename__in=TAKEN_AWAY
    )
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.remove(*taken_away)


def editors_change_topics(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    given_back = Permission.objects.filter(
        content_type__app_label="content", codename__in=TAKEN_AWAY
    )
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.add(*given_back)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0013_change_note_length"),
        ("selfcheck", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(editors_read_topics, editors_change_topics)]
