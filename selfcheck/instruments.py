"""The PHQ-9 and GAD-7 questionnaires: their published wording, answers, scoring and bands.

The questions, the answer options and the "Over the last 2 weeks" stem are the published
wording of the instruments (Kroenke, Spitzer & Williams 2001; Spitzer et al. 2006, as
distributed at phqscreeners.com) and must not be reworded: the scores mean something only
for these exact questions. The prose around them (what a band means, what to do next)
is in ``texts.py``.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

ANSWER_CHOICES = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
]
ANSWER_LABELS = dict(ANSWER_CHOICES)

# Asked after the scored questions on both published forms; it never changes the score.
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you "
    "to do your work, take care of things at home, or get along with other people?"
)
DIFFICULTY_CHOICES = [
    (0, "Not difficult at all"),
    (1, "Somewhat difficult"),
    (2, "Very difficult"),
    (3, "Extremely difficult"),
]
DIFFICULTY_LABELS = dict(DIFFICULTY_CHOICES)

# The notice the instruments ask to be shown with them.
ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)


@dataclass(frozen=True)
class Band:
    """A range of total scores and its published name, e.g. 10 to 14 is "moderate"."""

    key: str
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Instrument:
    key: str  # stored with an attached result: "phq9", "gad7"
    slug: str  # its address: /self-check/<slug>/
    name: str  # "PHQ-9"
    topic: str  # "depression"
    stem: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]
    # The question whose every answer above "Not at all" needs crisis help at once
    # (1-based), or None.
    crisis_item: int | None = None

    @property
    def max_score(self):
        return 3 * len(self.items)

    @property
    def title(self):
        return f"{self.topic.capitalize()} self-check ({self.name})"

    def get_absolute_url(self):
        return reverse(f"selfcheck:{self.slug}")

    def band_for(self, score):
        return next(band for band in self.bands if band.low <= score <= band.high)

    def needs_crisis_help(self, number, answer):
        """True for any answer above "Not at all" to the crisis question."""
        return number == self.crisis_item and answer is not None and answer > 0


PHQ9 = Instrument(
    key="phq9",
    slug="depression",
    name="PHQ-9",
    topic="depression",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following "
    "problems?",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "\u2014 being so fidgety or restless that you have been moving around a lot more than "
        "usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    bands=(
        Band("minimal", "Minimal", 0, 4),
        Band("mild", "Mild", 5, 9),
        Band("moderate", "Moderate", 10, 14),
        Band("moderately_severe", "Moderately severe", 15, 19),
        Band("severe", "Severe", 20, 27),
    ),
    crisis_item=9,
)

GAD7 = Instrument(
    key="gad7",
    slug="anxiety",
    name="GAD-7",
    topic="anxiety",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=(
        Band("minimal", "Minimal", 0, 4),
        Band("mild", "Mild", 5, 9),
        Band("moderate", "Moderate", 10, 14),
        Band("severe", "Severe", 15, 21),
    ),
)

INSTRUMENTS = {instrument.slug: instrument for instrument in (PHQ9, GAD7)}
BY_KEY = {instrument.key: instrument for instrument in (PHQ9, GAD7)}


@dataclass(frozen=True)
class Result:
    """One completed questionnaire. It lives only as long as the page that shows it,
    unless the patient sends it with a consultation request."""

    instrument: Instrument
    answers: tuple[int, ...]
    difficulty: int | None
    taken_on: date

    @property
    def score(self):
        return sum(self.answers)

    @property
    def band(self):
        return self.instrument.band_for(self.score)

    @property
    def needs_crisis_help(self):
        return any(
            self.instrument.needs_crisis_help(number, answer)
            for number, answer in enumerate(self.answers, start=1)
        )

    @property
    def answered_items(self):
        """(number, question, answer words) for each question, in order."""
        return [
            (number, question, ANSWER_LABELS[answer])
            for number, (question, answer) in enumerate(
                zip(self.instrument.items, self.answers, strict=True), start=1
            )
        ]

    @property
    def difficulty_label(self):
        return DIFFICULTY_LABELS.get(self.difficulty, "")

    def as_record(self):
        """The result as plain data, to sign into a page or store with a request."""
        return {
            "instrument": self.instrument.key,
            "answers": list(self.answers),
            "difficulty": self.difficulty,
            "score": self.score,
            "band": self.band.key,
            "date": self.taken_on.isoformat(),
        }

    @classmethod
    def from_record(cls, record):
        """The result a record describes, or None if it does not describe a valid one.
        The score and band are worked out again rather than trusted."""
        try:
            instrument = BY_KEY[record["instrument"]]
            answers = tuple(record["answers"])
            difficulty = record.get("difficulty")
            taken_on = date.fromisoformat(record["date"])
        except (KeyError, TypeError, ValueError):
            return None
        valid_answers = len(answers) == len(instrument.items) and all(
            type(answer) is int and answer in ANSWER_LABELS for answer in answers
        )
        valid_difficulty = difficulty is None or (
            type(difficulty) is int and difficulty in DIFFICULTY_LABELS
        )
        if not valid_answers or not valid_difficulty:
            return None
        return cls(instrument, answers, difficulty, taken_on)
