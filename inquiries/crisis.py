"""Spotting crisis language in a consultation request's message.

A request whose message mentions suicide, wanting to die, self-harm or overdose is flagged
urgent, so intake staff contact that person first, and the thanks page puts crisis help
first. Submission is never blocked. Matching ignores case and punctuation ("Self-harm",
"self harm" and "SELF HARM!" all match) and works on whole words, so "overdue" or "diet"
do not. Keep the list and its tests (tests/test_crisis_words.py) together.
"""

import re

CRISIS_PHRASES = [
    # Suicide
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "end it all",
    "ending it all",
    "hang myself",
    "hanging myself",
    "kill me",
    "take my life",
    "take my own life",
    "taking my life",
    # Wanting to die
    "want to die",
    "wanna die",
    "wanting to die",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "better off without me",
    "dont want to live",
    "dont want to be alive",
    "no reason to live",
    "not worth living",
    # Self-harm
    "self harm",
    "self harmed",
    "self harming",
    "selfharm",
    "self injury",
    "self injured",
    "hurt myself",
    "hurting myself",
    "harm myself",
    "harmed myself",
    "harming myself",
    "cut myself",
    "cutting myself",
    # Overdose
    "overdose",
    "overdoses",
    "overdosed",
    "overdosing",
]

_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in CRISIS_PHRASES) + r")\b")


def normalise(text):
    """Lower case, apostrophes dropped ("don't" -> "dont"), other punctuation as spaces."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def mentions_crisis(text):
    return bool(_PATTERN.search(normalise(text or "")))
