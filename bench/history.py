"""Build a large synthetic anxlog database for benchmarks: N years of a realistic history.

Most days have one daily check-in; some have two or three, and about one day in twenty
has none (gaps, some of them a week or more). A standard GAD-7 every 14 days, a session
every ~3 weeks (about 17 a year). About a third of the ratings carry a note, and those
notes hold what real notes hold: commas, quotes, line breaks, text a spreadsheet would
read as a formula, and non-ASCII letters.
"""

from __future__ import annotations

import random
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from anxlog.storage import Store

NOTES = (
    "slept badly, woke at 4",
    'said "no" to the party, felt relieved',
    "long day at work\nbetter in the evening",
    "=calm after the walk",
    "+1 hour of sleep",
    "-  tense before the appointment",
    "@home all day",
    "Ängstlich am Morgen, später ruhiger",
    "café with a friend; nervös",
    'headache, tired, "wired"\r\nbut okay',
    "better",
    "müde",
)


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _rating(
    rng: random.Random, day: date, clock: str, instrument: str, recorded: date
) -> dict[str, Any]:
    answers = [rng.randint(0, 3) for _ in range(7)]
    return {
        "uid": _uid(rng),
        "instrument": instrument,
        "day": day.isoformat(),
        "taken_at": f"{day.isoformat()}T{clock}:00+01:00",
        "recorded_at": f"{recorded.isoformat()}T{clock}:30+01:00",
        **{f"q{i + 1}": a for i, a in enumerate(answers)},
        "difficulty": rng.randint(0, 3) if instrument == "gad7" else None,
        "total": sum(answers),
        "note": rng.choice(NOTES) if rng.random() < 1 / 3 else None,
    }


def build(path: Path, years: int, sessions_per_year: int = 17, seed: int = 1) -> None:
    rng = random.Random(seed)
    days = 365 * years
    start = date.today() - timedelta(days=days - 1)
    ratings = []
    gap = 0  # days left of the current gap
    for offset in range(days):
        day = start + timedelta(days=offset)
        if gap == 0 and rng.random() < 0.01:
            gap = rng.choice((1, 2, 3, 7, 10))  # a missed day, a weekend, a holiday
        if gap and offset < days - 1:  # today is always rated: `status -q` exits 0
            gap -= 1
            continue
        count = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
        for clock in ("21:00", "13:15", "08:40")[:count]:
            # one rating in fifty is entered a day or two later (backfilled)
            late = min(rng.choice((1, 2)) if rng.random() < 0.02 else 0, days - 1 - offset)
            ratings.append(_rating(rng, day, clock, "daily", day + timedelta(days=late)))
        if offset % 14 == 0:
            ratings.append(_rating(rng, day, "21:05", "gad7", day))
    every = max(1, 365 // sessions_per_year)
    sessions = [
        {
            "uid": _uid(rng),
            "day": (start + timedelta(days=offset)).isoformat(),
            "time": "10:00",
            "kind": "ketamine-iv",
            "dose": 0.5,
            "unit": "mg/kg",
            "course": None,
            "note": rng.choice(NOTES) if rng.random() < 1 / 3 else None,
        }
        for offset in range(30, days, every)
    ]
    store = Store.open(path)
    store.insert_rows("ratings", ratings)
    store.insert_rows("sessions", sessions)
    store.close()


if __name__ == "__main__":
    build(Path(sys.argv[1]), int(sys.argv[2]))
