"""The self-checks' questions are the published instruments, their bands cover every
score, and the words shown around them (the approved wording, as loaded from the built-in
wording) are plain, make no forbidden claim, and never talk anyone out of care."""

import pytest
import textstat
from django.core.management import call_command

from content import review
from content.claims import claim_warnings
from content.models import Review
from selfcheck.instruments import (
    ANSWER_CHOICES,
    ATTRIBUTION,
    GAD7,
    INSTRUMENTS,
    PHQ9,
    Result,
)
from selfcheck.models import SelfCheckWording, SelfCheckWordingDraft
from selfcheck.texts import LABELS, TEXTS


@pytest.fixture
def shown(db):
    """The words the pages show, read as the pages read them, once the built-in wording
    is signed off as sample content (as the sample content loader does: see
    test_the_sample_loader_signs_off_the_built_in_wording)."""
    review.publish_sample(SelfCheckWordingDraft.objects.create(texts=dict(TEXTS)))
    texts = SelfCheckWording.objects.shown_texts()
    assert SelfCheckWording.objects.get().texts == texts  # the approved wording, all of it
    return texts


@pytest.mark.django_db
def test_the_sample_loader_signs_off_the_built_in_wording():
    call_command("load_sample_content", verbosity=0)
    wording = SelfCheckWording.objects.get()
    assert wording.texts == TEXTS
    assert wording.approval.origin == Review.Origin.SAMPLE


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
def test_every_text_reads_at_grade_8_or_below(shown, name):
    assert textstat.flesch_kincaid_grade(shown[name]) <= 8


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_text_makes_a_claim_the_content_brief_forbids(shown, name):
    assert claim_warnings(shown[name], has_references=False) == []


def test_every_text_has_a_plain_label_for_staff():
    assert set(LABELS) == set(TEXTS)
    assert len(set(LABELS.values())) == len(LABELS)


@pytest.mark.parametrize(
    "name",
    [
        f"result.{instrument.topic}.{band.key}"
        for instrument in INSTRUMENTS.values()
        for band in instrument.bands
    ],
)
def test_every_band_tells_the_reader_to_talk_to_a_doctor(shown, name):
    assert "talk to a doctor" in shown[name]
    for reassurance in ["nothing to worry", "no need", "you are fine", "normal", "healthy"]:
        assert reassurance not in shown[name].lower()
