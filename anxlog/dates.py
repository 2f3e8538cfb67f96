"""Parsing the dates and times people type, and stamping records with them.

Days are local calendar dates; instants are ISO 8601 with the local UTC offset
of that date (so a rating made during summer time keeps its summer offset). When
the time of a rating is not known, its taken_at is the date alone (ISO 8601 and
FHIR's dateTime allow a date without a time): anxlog never invents a time.
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


def local_instant(day: date, clock: str) -> str:
    """That day at ``clock`` (HH:MM), with the local UTC offset of that date."""
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hour, minute)).astimezone().isoformat(timespec="seconds")


def taken_at(day: date, clock: str | None, *, now_if_today: bool = True) -> str:
    """When a rating was taken: at ``clock``; without one, now (for today, when
    ``now_if_today``) or the date alone: an unknown time is never made up."""
    if clock is not None:
        check_not_future(day, clock)
        return local_instant(day, clock)
    if now_if_today and day == today():
        return now_instant()
    return day.isoformat()


def check_not_future(day: date, clock: str, what: str = "--time") -> None:
    """A time later today than now is refused, as a future date is."""
    now = datetime.now()
    if day == now.date() and clock > now.strftime("%H:%M"):
        raise InputError(
            f"{what} {clock} today is in the future (it is {now.strftime('%H:%M')}): "
            "give a time up to now, or an earlier --date."
        )


def clock_of(instant: str) -> str | None:
    """HH:MM of a stored taken_at, None when it holds the date alone (time unknown)."""
    return instant[11:16] or None


def now_instant() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def check_range(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and since > until:
        raise InputError(
            f"--since {since.isoformat()} is after --until {until.isoformat()}: "
            "give a start on or before the end."
        )
