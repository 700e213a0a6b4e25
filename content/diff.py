"""Word-level comparisons of two versions of reviewed text (an article, a page, a glossary
term, the self-check wording), for people: the medical reviewer's page, "compare with the
live version" and the history's compare form.

Versions are compared as their reviewed content (``reviewed_content()`` or a review's
``content``), part by part as the working copy's model reads it (``readable_parts``): the
text as words without markup, and the references one by one.
"""

import difflib


def word_diff(old, new):
    """The words of two texts as (kind, text) runs: "same", "removed" or "added"."""
    old_words, new_words = old.split(), new.split()
    runs = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new_words[j1:j2])))
    return runs


def reference_line(reference):
    """One reference as a reader sees it, on one line."""
    parts = [reference.get("authors", ""), reference.get("title", ""), reference.get("source", "")]
    line = ". ".join(part for part in parts if part)
    if reference.get("year"):
        line += f" ({reference['year']})"
    for label, key in [("DOI", "doi"), ("PubMed", "pubmed_id"), ("Link", "url")]:
        if reference.get(key):
            line += f" · {label}: {reference[key]}"
    return line


def reference_diff(old, new):
    """Rows of (runs) for two lists of references: unchanged, added, removed or changed
    references, each changed one compared word by word."""
    old_lines = [reference_line(r) for r in old]
    new_lines = [reference_line(r) for r in new]
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [[("same", line)] for line in old_lines[i1:i2]]
            continue
        removed, added = old_lines[i1:i2], new_lines[j1:j2]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        rows += [word_diff(a, b) for a, b in zip(removed[:paired], added[:paired], strict=True)]
        rows += [[("removed", line)] for line in removed[paired:]]
        rows += [[("added", line)] for line in added[paired:]]
    return rows


def compare(model, old, new):
    """The parts that differ between two versions of a ``model`` working copy (``old``
    may be empty, for something never published), each as {"label", "words"}; references
    as {"label", "rows"}. The model says what its parts are (``readable_parts``)."""
    old = old or {}
    before, after = model.readable_parts(old), model.readable_parts(new)
    changes = [
        {"label": label, "words": word_diff(before.get(label, ""), words)}
        for label, words in after.items()
        if before.get(label, "") != words
    ]
    if "references" in new and old.get("references", []) != new["references"]:
        changes.append(
            {
                "label": "references",
                "rows": reference_diff(old.get("references", []), new["references"]),
            }
        )
    return changes
