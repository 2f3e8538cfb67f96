"""The two questionnaires: items, answer labels, scoring and severity bands.

Facts from Spitzer et al. 2006 (docs/methods.md, sections 1 and 2). The daily check-in
is anxlog's own adaptation of the GAD-7 items to a 24-hour recall; it is *not* the
validated instrument, so its totals are never called a GAD-7 score and its bands are
shown "for orientation".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import numbers
from .errors import InputError

DAILY = "daily"
GAD7 = "gad7"
INSTRUMENTS = (DAILY, GAD7)

ITEM_KEYS = ("q1", "q2", "q3", "q4", "q5", "q6", "q7")

# Item wording: Spitzer, Kroenke, Williams & Löwe 2006 (GAD-7).
ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you "
    "to do your work, take care of things at home, or get along with other people?"
)
DIFFICULTY_LABELS = (
    "Not difficult at all",
    "Somewhat difficult",
    "Very difficult",
    "Extremely difficult",
)

LICENCE = (
    "GAD-7 © Pfizer Inc. No permission required to reproduce, translate, display or distribute."
)

MAX_TOTAL = 21
# Severity bands of the total: Spitzer et al. 2006.
BANDS = ((0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe"))


@dataclass(frozen=True)
class Questionnaire:
    key: str
    title: str
    stem: str
    answer_labels: tuple[str, str, str, str]
    total_label: str
    validated: bool


QUESTIONNAIRES = {
    DAILY: Questionnaire(
        key=DAILY,
        title="Daily check-in (daily adaptation of the GAD-7 items)",
        stem="Today (the last 24 hours), how much have you been bothered by the following?",
        answer_labels=("Not at all", "Slightly", "Moderately", "Severely"),
        total_label="daily total",
        validated=False,
    ),
    GAD7: Questionnaire(
        key=GAD7,
        title="Standard GAD-7 (last 2 weeks)",
        stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
        answer_labels=("Not at all", "Several days", "More than half the days", "Nearly every day"),
        total_label="GAD-7 score",
        validated=True,
    ),
}


def questionnaire(instrument: str) -> Questionnaire:
    try:
        return QUESTIONNAIRES[instrument]
    except KeyError:
        raise InputError(f"Unknown instrument {instrument!r}: use 'daily' or 'gad7'.") from None


def parse_answer(text: str, what: str = "answer") -> int:
    """One answer 0–3 from what the user typed."""
    stripped = text.strip()
    if not numbers.WHOLE.fullmatch(stripped):  # ASCII digits only: '²'.isdigit() is True
        raise InputError(f"{what} ({text!r}) is not a number: each answer is 0, 1, 2 or 3.")
    value = numbers.whole(stripped, 0, 3)
    if value is None:
        shown = stripped if len(stripped) <= 12 else stripped[:10] + "…"
        raise InputError(f"{what} ({shown}) is out of range: each answer is 0, 1, 2 or 3.")
    return value


def parse_answers(texts: Sequence[str]) -> tuple[int, ...]:
    """Exactly seven answers 0–3, in item order."""
    if len(texts) != len(ITEM_KEYS):
        raise InputError(
            f"Got {len(texts)} answer{'s' if len(texts) != 1 else ''}; "
            f"give exactly 7, one per item, each 0–3 (e.g. 'anxlog rate 1 2 1 0 2 1 1')."
        )
    return tuple(parse_answer(text, f"Answer {i}") for i, text in enumerate(texts, 1))


def total(answers: Sequence[int]) -> int:
    return sum(answers)


def band(score: float) -> str:
    """Severity band of a total (0–21); a mean is rounded to the nearest whole point."""
    whole = round(score)
    for low, high, name in BANDS:
        if low <= whole <= high:
            return name
    raise ValueError(f"total {score} is outside 0–{MAX_TOTAL}")


def band_label(score: float, instrument: str) -> str:
    """The band as shown to a person: daily totals are only 'for orientation'."""
    name = band(score)
    return name if instrument == GAD7 else f"{name} (for orientation)"
