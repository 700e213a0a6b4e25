"""The public pages the browser tests visit (sample content addresses)."""

PUBLIC_PAGES = [
    "/",
    "/articles/",
    "/articles/topic/safety/",
    "/articles/side-effects-and-risks/",
    "/articles/iv-ketamine-infusion/",  # regulatory status and glossary links
    "/search/?q=ketamine",
    "/consultation/",
    "/consultation/thanks/",
    "/self-check/",
    "/self-check/depression/",
    "/self-check/anxiety/",
    "/about/",
    "/crisis/",
    "/privacy/",
    "/disclaimer/",
    "/accessibility/",
    "/glossary/",
    "/glossary/#esketamine",
    "/no-such-page/",
]
