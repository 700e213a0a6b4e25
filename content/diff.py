"""Word-level comparisons of two versions of an article or page, for people: the medical
reviewer's page, "compare with the live version" and the history's compare form.

Versions are compared as their reviewed content (``reviewed_content()`` or a review's
``content``): the text is compared as words without markup, and the references one by one.
"""

import difflib

from .models import ArticleDraft, PageDraft, Topic
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


def _readable(name, value):
    if value in (None, ""):
        return ""
    if name == "body":
        return html_to_text(value)
    if name == "topic":
        return Topic.objects.filter(pk=value).values_list("name", flat=True).first() or ""
    return str(value)


def _model_for(content):
    return ArticleDraft if "references" in content else PageDraft


def compare(old, new):
    """The fields that differ between two versions' content (``old`` may be empty, for
    something never published), each as {"label", "words"}; references as {"label",
    "rows"}."""
    old = old or {}
    model = _model_for(new)
    changes = []
    for name in model.REVIEWED_FIELDS:
        before, after = _readable(name, old.get(name)), _readable(name, new.get(name))
        if before != after:
            label = model._meta.get_field(name).verbose_name
            changes.append({"label": label, "words": word_diff(before, after)})
    if "references" in new and old.get("references", []) != new["references"]:
        changes.append(
            {
                "label": "references",
                "rows": reference_diff(old.get("references", []), new["references"]),
            }
        )
    return changes
