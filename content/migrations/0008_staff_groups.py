"""The content editors and medical reviewers groups belong to this app. Editors lose any
permission on live articles and pages beyond viewing them: text reaches readers only
through a medical reviewer's approval."""

from django.db import migrations

# The groups as they were when this migration was written: later changes come in
# later migrations, so a new install ends up where an old one did.
from clinic_site.groups import ensure_groups

GROUPS = {
    "Content editors": {
        "content": {
            "topic": ["add", "change", "delete", "view"],
            "articledraft": ["add", "change", "delete", "view"],
            "reference": ["add", "change", "delete", "view"],
            "article": ["view"],
            "articleredirect": ["add", "change", "delete", "view"],
            "pagedraft": ["change", "view"],
            "page": ["view"],
            "review": ["view"],
            "reviewer": ["view"],
        },
    },
    "Medical reviewers": {
        "content": {
            "topic": ["view"],
            "articledraft": ["view"],
            "reference": ["view"],
            "article": ["view"],
            "pagedraft": ["view"],
            "page": ["view"],
            "review": ["view", "sign_off"],
            "reviewer": ["view"],
        },
    },
}


def update_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="content"))
    ensure_groups(apps, GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0007_review_workflow_final"),
        ("inquiries", "0003_staff_groups_reviewers"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
