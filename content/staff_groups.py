"""The staff groups that work on content, and their permissions.

Content editors write and change articles, pages and glossary terms but cannot approve
them, and only read topics (a topic's name and description are public text that no review
covers, so the site's administrators keep them); medical reviewers approve changes or ask
for changes, and can read everything they review. A migration creates the groups on every
new install.
"""

EDITOR_GROUP = "Content editors"
REVIEWER_GROUP = "Medical reviewers"

GROUPS = {
    EDITOR_GROUP: {
        "content": {
            "topic": ["view"],
            "articledraft": ["add", "change", "delete", "view"],
            "reference": ["add", "change", "delete", "view"],
            "article": ["view"],
            "articleredirect": ["add", "change", "delete", "view"],
            "pagedraft": ["change", "view"],
            "page": ["view"],
            "glossarytermdraft": ["add", "change", "delete", "view"],
            "glossaryterm": ["view"],
            "review": ["view"],
            "reviewer": ["view"],
        },
    },
    REVIEWER_GROUP: {
        "content": {
            "topic": ["view"],
            "articledraft": ["view"],
            "reference": ["view"],
            "article": ["view"],
            "pagedraft": ["view"],
            "page": ["view"],
            "glossarytermdraft": ["view"],
            "glossaryterm": ["view"],
            "review": ["view", "sign_off"],
            "reviewer": ["view"],
        },
    },
}
