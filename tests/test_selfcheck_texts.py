"""The self-checks' questions are the published instruments, their bands cover every
score, and the words around them are plain, make no forbidden claim, and never talk
anyone out of care."""

import pytest
import textstat

from content.claims import claim_warnings
from selfcheck.instruments import (
    ANSWER_CHOICES,
    ATTRIBUTION,
    GAD7,
    INSTRUMENTS,
    PHQ9,
    Result,
)
from selfcheck.texts import TEXTS, text


def test_answer_options_are_the_published_ones():
    assert ANSWER_CHOICES == [
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    ]


def test_instruments_have_their_published_shape():
    assert (len(PHQ9.items), PHQ9.max_score, PHQ9.crisis_item) == (9, 27, 9)
    assert (len(GAD7.items), GAD7.max_score, GAD7.crisis_item) == (7, 21, None)
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert PHQ9.stem.startswith("Over the last 2 weeks, how often have you been bothered")
    assert GAD7.stem.startswith("Over the last 2 weeks, how often have you been bothered")
    assert "educational grant from Pfizer Inc." in ATTRIBUTION


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=lambda i: i.key)
def test_bands_cover_every_score_once(instrument):
    covered = [score for band in instrument.bands for score in range(band.low, band.high + 1)]
    assert covered == list(range(instrument.max_score + 1))


def test_a_stored_record_is_read_back_and_a_bad_one_refused():
    result = Result.from_record(
        {"instrument": "gad7", "answers": [1] * 7, "difficulty": None, "date": "2026-02-03"}
    )
    assert (result.score, result.band.key) == (7, "mild")
    for bad in [
        {"instrument": "gad7", "answers": [1] * 6, "date": "2026-02-03"},
        {"instrument": "gad7", "answers": [1] * 6 + [4], "date": "2026-02-03"},
        {"instrument": "gad7", "answers": [1] * 6 + [True], "date": "2026-02-03"},
        {"instrument": "gad7", "answers": [1] * 7, "date": "someday"},
        {"instrument": "gad7", "answers": [1] * 7, "difficulty": 5, "date": "2026-02-03"},
        {"instrument": "gad7", "answers": [1] * 7, "difficulty": True, "date": "2026-02-03"},
        {"instrument": "bdi", "answers": [1] * 7, "date": "2026-02-03"},
        {"answers": [1] * 7},
    ]:
        assert Result.from_record(bad) is None, bad


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_reads_at_grade_8_or_below(name):
    assert textstat.flesch_kincaid_grade(text(name)) <= 8


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_text_makes_a_claim_the_content_brief_forbids(name):
    assert claim_warnings(text(name), has_references=False) == []


@pytest.mark.parametrize(
    "name",
    [
        f"result.{instrument.topic}.{band.key}"
        for instrument in INSTRUMENTS.values()
        for band in instrument.bands
    ],
)
def test_every_band_tells_the_reader_to_talk_to_a_doctor(name):
    assert "talk to a doctor" in text(name)
    for reassurance in ["nothing to worry", "no need", "you are fine", "normal", "healthy"]:
        assert reassurance not in text(name).lower()
