"""Content editors only read topics: a topic's name and description are shown to readers
and no medical review covers them, so the site's administrators keep them."""

from django.db import migrations

TAKEN_AWAY = ["add_topic", "change_topic", "delete_topic"]


def editor_topic_permissions(apps):
    """The content editors groups and the topic permissions they lose."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="content", codename__in=TAKEN_AWAY
    )
    return Group.objects.filter(name="Content editors"), permissions


def editors_read_topics(apps, schema_editor):
    groups, permissions = editor_topic_permissions(apps)
    for group in groups:
        group.permissions.remove(*permissions)


def editors_change_topics(apps, schema_editor):
    groups, permissions = editor_topic_permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0013_change_note_length"),
        ("selfcheck", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(editors_read_topics, editors_change_topics)]
