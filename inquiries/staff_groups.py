"""The two staff groups and their permissions.

Content editors work on articles and pages only; intake staff work on consultation
requests only. Neither can edit or delete the access log. A migration creates the groups
on every new install; ``ensure_staff_groups`` can be run again safely.
"""

from django.contrib.auth.management import create_permissions

EDITOR_GROUP = "Content editors"
INTAKE_GROUP = "Intake staff"

GROUPS = {
    EDITOR_GROUP: {
        "content": {
            "topic": ["add", "change", "delete", "view"],
            "article": ["add", "change", "delete", "view"],
            "reference": ["add", "change", "delete", "view"],
            "reviewer": ["add", "change", "view"],
            "articleredirect": ["add", "change", "delete", "view"],
            "page": ["add", "change", "view"],
        },
    },
    INTAKE_GROUP: {
        "inquiries": {
            "inquiry": ["change", "view", "export"],
            "inquirynote": ["add", "view"],
            "accesslogentry": ["view"],
        },
    },
}


def ensure_staff_groups(apps):
    """Create the groups (if missing) with their permissions, using ``apps`` (the app
    registry, or a migration's historical one)."""
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

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
