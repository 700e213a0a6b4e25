"""Words, claims and sources in an article that an editor should look at twice before
publishing.

The content brief lists claims the clinic never makes ("cure", "guaranteed", "100% safe",
"no side effects", "FDA-approved ketamine") and asks that figures cite their source, and
that readers can follow the sources: each reference with a DOI, a PubMed ID or a web
address, and at least two such references per article. When an article is saved, and on
the medical reviewer's page, the admin shows a warning for each hit. It warns, never
blocks: the words can appear in an honest sentence ("ketamine is not a cure"), which a
person judges. Keep these rules and their tests (tests/test_claims.py) together.
"""

import re

RISKY_WORDING = {
    r"\bcure[sd]?\b": '"cure"',
    r"\bguarantee[sd]?\b": '"guaranteed"',
    r"\b100\s*(?:%|percent)\s+safe\b": '"100% safe"',
    r"\bcompletely safe\b": '"completely safe"',
    r"\bno side[\s-]effects?\b": '"no side effects"',
    r"\bfda[\s-]approved ketamine\b": '"FDA-approved ketamine" (only esketamine is FDA approved '
    "for depression)",
    r"\bmiracle\b": '"miracle"',
    r"\bpermanent(?:ly)?\b": '"permanent"',
}
FIGURE_CLAIMS = [
    r"\b\d+(?:\.\d+)?\s*(?:%|percent\b)",
    r"\b(?:success|response|remission|recovery|cure)\s+rates?\b",
]


def claim_warnings(text, has_references):
    """Plain-language warnings about ``text`` (an article's words, without markup)."""
    lowered = text.lower()
    warnings = [
        f"The article uses the wording {label}. The clinic does not make that claim: "
        "check the sentence."
        for pattern, label in RISKY_WORDING.items()
        if re.search(pattern, lowered)
    ]
    if not has_references and any(re.search(p, lowered) for p in FIGURE_CLAIMS):
        warnings.append(
            "The article gives a percentage or a success rate but has no references. "
            "Add the source it comes from."
        )
    return warnings


MIN_LINKED_REFERENCES = 2
LINK_KEYS = ("url", "doi", "pubmed_id")


def source_warnings(references):
    """Plain-language warnings about an article's references (dicts as in its reviewed
    content): each one readers cannot follow, and too few they can."""
    unlinked = [
        (number, reference)
        for number, reference in enumerate(references, start=1)
        if not any(reference.get(key) for key in LINK_KEYS)
    ]
    warnings = [
        f"Reference {number} (“{reference.get('title', '')}”) has no DOI, PubMed ID or link, "
        "so readers cannot follow it. Add one."
        for number, reference in unlinked
    ]
    linked = len(references) - len(unlinked)
    if linked < MIN_LINKED_REFERENCES:
        warnings.append(
            f"The article has {linked} reference(s) with a DOI, PubMed ID or link. Give at "
            f"least {MIN_LINKED_REFERENCES} sources readers can open."
        )
    return warnings
