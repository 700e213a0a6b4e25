"""Making staff groups with their permissions, for the apps' data migrations.

Each app names its own groups and permissions in its ``staff_groups.py`` (the app whose
models a group governs owns it) and calls ``ensure_groups`` from a migration.
"""

from django.contrib.auth.management import create_permissions


def ensure_groups(apps, groups):
    """Create the groups (if missing) and give them their permissions, using ``apps`` (the
    app registry, or a migration's historical one). Safe to run again."""
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, app_models in groups.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in app_models.items():
            for model, actions in models.items():
                codenames = [action if "_" in action else f"{action}_{model}" for action in actions]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        content_type__model=model,
                        codename__in=codenames,
                    )
                )


def ensure_all_staff_groups(apps):
    """Every app's staff groups (for tests, whose database is emptied between tests)."""
    from content.staff_groups import GROUPS as CONTENT_GROUPS
    from inquiries.staff_groups import GROUPS as INQUIRY_GROUPS
    from selfcheck.staff_groups import GROUPS as SELFCHECK_GROUPS

    for groups in (CONTENT_GROUPS, INQUIRY_GROUPS, SELFCHECK_GROUPS):
        ensure_groups(apps, groups)
