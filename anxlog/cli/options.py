"""Options shared by several commands, and anxlog's own parsers for what people type.

Every option reaches its command as the text typed; the command parses it here, so
each number, date and choice has one parser, one bound and one sentence when refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

import typer

from .. import dates, numbers
from ..errors import InputError
from ..instrument import INSTRUMENTS, ITEM_KEYS
from ..records import DIASTOLIC, SYSTOLIC, BloodPressure


def complete_instrument(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --instrument values."""
    helps = {"daily": "the daily check-in", "gad7": "the standard two-week GAD-7"}
    return [(name, helps[name]) for name in INSTRUMENTS if name.startswith(incomplete.lower())]


def complete_item(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --item values, with each item's text as its help."""
    from ..instrument import ITEMS

    pairs = zip(ITEM_KEYS, ITEMS, strict=True)
    return [(key, text) for key, text in pairs if key.startswith(incomplete.lower())]


SinceOption = Annotated[
    str | None, typer.Option(metavar="DATE", help="First day shown, YYYY-MM-DD.")
]
UntilOption = Annotated[
    str | None, typer.Option(metavar="DATE", help="Last day shown, YYYY-MM-DD.")
]
InstrumentOption = Annotated[
    str,
    typer.Option(
        metavar="daily|gad7",
        help="Which ratings: 'daily' check-ins or the standard 'gad7'.",
        autocompletion=complete_instrument,
    ),
]
ItemOption = Annotated[
    str | None,
    typer.Option(
        metavar="qN", help="One item (q1–q7) instead of the total.", autocompletion=complete_item
    ),
]


def whole(text: str, what: str, low: int, high: int) -> int:
    """A whole number in low … high, or one sentence naming what is accepted."""
    value = numbers.whole(text, low, high)
    if value is None:
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise InputError(f"{what} {shown!r} is not accepted: give a whole number {low} to {high}.")
    return value


def decimal(text: str, what: str, low: float, high: float) -> float:
    """A finite number in low … high, or one sentence naming what is accepted."""
    value = numbers.decimal(text, low, high)
    if value is None:
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise InputError(f"{what} {shown!r} is not accepted: give a number {low:g} to {high:g}.")
    return value


def record_id(text: str, noun: str, listing: str) -> int:
    """The id of a rating or session (a whole number from 1), as ``listing`` shows it."""
    value = numbers.whole(text, 1, numbers.LARGEST_ID)
    if value is None:
        shown = text if len(text) <= 24 else text[:20] + "…"
        article = "an" if noun[:1] in "aeiou" else "a"
        raise InputError(
            f"ID {shown!r} is not {article} {noun} id: give the number '{listing}' shows."
        )
    return value


def stored_text(text: str | None, what: str) -> str | None:
    """Text kept as typed. Bytes that are not UTF-8 (a terminal in another encoding) reach
    Python as lone surrogates, which SQLite cannot store: one sentence instead."""
    if text is not None and any("\ud800" <= char <= "\udfff" for char in text):
        raise InputError(
            f"{what} holds bytes that are not UTF-8 text: type it in a UTF-8 terminal."
        )
    return text


def choice(text: str, what: str, choices: Sequence[str]) -> str:
    """One of ``choices``, in any case."""
    chosen = text.strip().lower()
    for known in choices:
        if chosen == known.lower():
            return known
    listed = ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else choices[0]
    raise InputError(f"{what} {text!r} is not known: use {listed}.")


def period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """--since and --until: dates (future ones allowed), the first not after the second."""
    first = dates.parse_day(since, what="--since", allow_future=True) if since else None
    last = dates.parse_day(until, what="--until", allow_future=True) if until else None
    dates.check_range(first, last)
    return first, last


def instrument(text: str, what: str = "--instrument") -> str:
    return choice(text, what, INSTRUMENTS)


def item(text: str | None) -> str | None:
    return None if text is None else choice(text, "--item", ITEM_KEYS)


def level(text: str, what: str) -> int:
    """A tolerability level: 0 none, 1 mild, 2 moderate, 3 severe."""
    value = numbers.whole(text, 0, 3)
    if value is None:
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise InputError(
            f"{what} {shown!r} is not accepted: "
            "give 0 (none), 1 (mild), 2 (moderate) or 3 (severe)."
        )
    return value


def blood_pressure(text: str, what: str) -> BloodPressure:
    """SYS/DIA in mmHg, each in its plausible range, the systolic above the diastolic."""
    shown = text if len(text) <= 24 else text[:20] + "…"
    parts = text.strip().split("/")
    if len(parts) != 2 or not all(numbers.WHOLE.fullmatch(part.strip()) for part in parts):
        raise InputError(
            f"{what} {shown!r} is not a blood pressure: write systolic/diastolic in mmHg, "
            "e.g. 128/82."
        )
    systolic = numbers.whole(parts[0], *SYSTOLIC)
    diastolic = numbers.whole(parts[1], *DIASTOLIC)
    if systolic is None or diastolic is None:
        raise InputError(
            f"{what} {shown!r} is out of range: the systolic pressure is {SYSTOLIC[0]} to "
            f"{SYSTOLIC[1]} mmHg and the diastolic {DIASTOLIC[0]} to {DIASTOLIC[1]}."
        )
    if systolic <= diastolic:
        raise InputError(
            f"{what} {shown!r} has the systolic pressure (first) not above the diastolic "
            "(second): write systolic/diastolic, e.g. 128/82."
        )
    return BloodPressure(systolic, diastolic)
