"""The staff group that works on consultation requests, and its permissions.

Intake staff see and follow up consultation requests; nobody can edit or delete the
access log. A migration creates the group on every new install.
"""

from clinic_site.groups import ensure_groups

INTAKE_GROUP = "Intake staff"

GROUPS = {
    INTAKE_GROUP: {
        "inquiries": {
            "inquiry": ["change", "view", "export"],
            "inquirynote": ["add", "view"],
            "accesslogentry": ["view"],
        },
    },
}


def ensure_staff_groups(apps):
    ensure_groups(apps, GROUPS)
