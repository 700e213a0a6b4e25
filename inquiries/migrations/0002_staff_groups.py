"""Create the two staff groups, so a new install has the right permissions.

Content editors work on articles and pages only; intake staff work on consultation
requests only. Neither can edit or delete the access log.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, app_models in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in app_models.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )


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
