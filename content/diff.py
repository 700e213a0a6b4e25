"""Word-level comparisons of two versions of reviewed text (an article, a page, a glossary
term, the self-check wording), for people: the medical reviewer's page, "compare with the
live version" and the history's compare form.

Versions are compared as their reviewed content (``reviewed_content()`` or a review's
``content``), part by part as the working copy's model reads it (``readable_parts``): the
text as words without markup, and the references one by one.
"""

import difflib
from datetime import datetime

from clinic_site.admin import staff_time

from .sanitize import html_to_text


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


FORMATTING_ONLY = (
    "same",
    "The words are the same, but the formatting changed (headings, bold or italics, "
    "lists, quotes or line breaks). Open the preview to see it.",
)


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
    # The same words with other formatting (a heading, bold, a list): still a change.
    shown = {change["label"] for change in changes}
    for name in model.REVIEWED_FIELDS:
        label = str(model._meta.get_field(name).verbose_name)
        if label not in shown and old.get(name, "") != new.get(name, "") and old:
            changes.append({"label": f"{label} (formatting only)", "words": [FORMATTING_ONLY]})
    return changes


def shortened(runs, context=6):
    """Word-diff runs with long unchanged stretches cut to a few words either side."""
    result = []
    for index, (kind, text) in enumerate(runs):
        words = text.split()
        if kind != "same" or len(words) <= 2 * context:
            result.append((kind, text))
            continue
        head = words[:context] if index > 0 else []
        tail = words[-context:] if index < len(runs) - 1 else []
        result.append(("same", " ".join([*head, "…", *tail])))
    return result


def readable_value(value):
    return staff_time(value) if isinstance(value, datetime) else str(value or "")


def same_minute(first, second):
    """Times the staff site shows alike (it shows and takes hours and minutes)."""
    return first.replace(second=0, microsecond=0) == second.replace(second=0, microsecond=0)


def history_changes(model, newer, older):
    """What a saved version changed, for people: each field by its label, text as words
    (no markup), nothing for a field whose value did not really change (a time that
    differs only in its fractions of a second)."""
    changes = []
    for change in newer.diff_against(older, foreign_keys_are_objs=True).changes:
        old, new = change.old, change.new
        if isinstance(old, datetime) and isinstance(new, datetime) and same_minute(old, new):
            continue
        field = model._meta.get_field(change.field)
        if not field.editable:
            continue
        before, after = (
            staff_time(v) if isinstance(v, datetime) else str(v or "") for v in (old, new)
        )
        if change.field == "body":
            before, after = html_to_text(before), html_to_text(after)
        changes.append({"label": field.verbose_name, "words": shortened(word_diff(before, after))})
    return changes
