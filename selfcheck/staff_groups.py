"""What the content staff groups may do with the self-check wording.

Content editors change the wording but cannot approve it; medical reviewers read it and
approve changes through the medical review (their permission to sign off is the content
app's). A migration gives the groups these permissions on every new install.
"""

from content.staff_groups import EDITOR_GROUP, REVIEWER_GROUP

GROUPS = {
    EDITOR_GROUP: {
        "selfcheck": {
            "selfcheckwordingdraft": ["add", "change", "view"],
            "selfcheckwording": ["view"],
        },
    },
    REVIEWER_GROUP: {
        "selfcheck": {
            "selfcheckwordingdraft": ["view"],
            "selfcheckwording": ["view"],
        },
    },
}
