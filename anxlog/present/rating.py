"""The few plain lines printed after a rating is saved (quick path: no rich)."""

from __future__ import annotations

from ..instrument import DAILY, DIFFICULTY_LABELS, MAX_TOTAL, band_label
from ..records import Rating
from .text import escape_controls, ordinal, signed
from .wording import NOT_ADVICE


def total_text(instrument: str, total: int) -> str:
    label = "Daily total" if instrument == DAILY else "GAD-7 score"
    return f"{label}: {total}/{MAX_TOTAL} · {band_label(total, instrument)}"


def total_line(rating: Rating) -> str:
    return total_text(rating.instrument, rating.total)


def removal_summary(rating: Rating) -> str:
    """What ``rm`` names before it deletes: enough to recognise the rating."""
    what = "daily check-in" if rating.instrument == DAILY else "standard GAD-7"
    clock = rating.taken_at[11:16]
    when = f"{rating.day.isoformat()} at {clock}" if clock else rating.day.isoformat()
    answers = " ".join(map(str, rating.answers))
    return f"rating {rating.id}, {what} for {when}: answers {answers}, {total_line(rating)}"


def saved_lines(
    rating: Rating, nth_of_day: int, previous: Rating | None, baseline: float | None = None
) -> list[str]:
    what = "daily check-in" if rating.instrument == DAILY else "standard GAD-7"
    lines = [
        f"Saved rating {rating.id}: {what} for {rating.day.isoformat()} "
        f"({ordinal(nth_of_day)} {what} of that day).",
        total_line(rating),
    ]
    if rating.difficulty is not None:
        lines.append(f"Difficulty: {DIFFICULTY_LABELS[rating.difficulty]}")
    if previous is None:
        lines.append("Change from previous rating: none yet (this is the first).")
    else:
        lines.append(
            f"Change from previous rating ({previous.day.isoformat()}, {previous.total}): "
            f"{signed(rating.total - previous.total, 0)}"
        )
    if baseline is not None:
        lines.append(
            f"Change from your baseline ({baseline:.1f}, before the first session): "
            f"{signed(rating.total - baseline)}"
        )
    if rating.note:
        lines.append(f"Note: {escape_controls(rating.note)}")
    if rating.instrument == DAILY:
        lines.append(
            "The daily total is anxlog's daily adaptation of the GAD-7 items, "
            "not the validated GAD-7 score."
        )
    if baseline is not None:  # a change from baseline is an analysis: say what it is not
        lines.append(NOT_ADVICE)
    return lines
