"""Parsing the dates and times people type, and stamping records with them.

Days are local calendar dates; instants are ISO 8601 with the local UTC offset
of that date (so a rating made during summer time keeps its summer offset).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .errors import InputError

_TIME = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")  # ASCII digits only ('\d' takes '٣')
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
EARLIEST = date(1900, 1, 1)  # older dates are typos; year 1 breaks date arithmetic


def today() -> date:
    return date.today()


def parse_day(text: str, *, what: str = "--date", allow_future: bool = False) -> date:
    """A date as typed: ISO ``YYYY-MM-DD``, ``today`` or ``yesterday``."""
    word = text.strip().lower()
    if word == "today":
        return today()
    if word == "yesterday":
        return today() - timedelta(days=1)
    if not _DAY.match(word):
        raise InputError(f"{what} {text!r} is not a date: use YYYY-MM-DD, 'today' or 'yesterday'.")
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise InputError(f"{what} {text!r} is not a real calendar date.") from None
    if day < EARLIEST:
        raise InputError(
            f"{what} {day.isoformat()} is too long ago: give a date from {EARLIEST.year} on."
        )
    if not allow_future and day > today():
        raise InputError(
            f"{what} {day.isoformat()} is in the future: give today or an earlier date."
        )
    return day


def parse_time(text: str, *, what: str = "--time") -> str:
    """A clock time as typed, ``HH:MM`` (24-hour), returned as ``HH:MM``."""
    match = _TIME.match(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    raise InputError(f"{what} {text!r} is not a time: use HH:MM, 00:00 to 23:59.")


def local_instant(day: date, clock: str | None) -> str:
    """When something was taken: that day at ``clock`` (or now, or noon), local offset."""
    if clock is not None:
        hour, minute = (int(part) for part in clock.split(":"))
        moment = datetime.combine(day, time(hour, minute))
    elif day == today():
        moment = datetime.now().replace(microsecond=0)
    else:
        moment = datetime.combine(day, time(12, 0))  # backfilled without a time: midday
    return moment.astimezone().isoformat(timespec="seconds")


def now_instant() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def check_range(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise InputError(
            f"--since {since.isoformat()} is after --until {until.isoformat()}: "
            "give a start on or before the end."
        )
