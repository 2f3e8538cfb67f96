"""A realistic, seeded synthetic history for `anxlog demo` (no I/O but the store writes).

About 150 days ending today: three weeks of baseline around 14–16, an induction series
of six ketamine sessions over 18 days where each session brings a drop that partly
fades, then boosters every ~3 weeks at a higher dose whose relief holds for one to two
weeks and fades before the next one; a rating a few hours after each session, missed
days, some days rated twice, and a standard GAD-7 every 14 days. How each session felt
(dissociation and nausea on most, blood pressure on some) and one other change (an
event) give the treatment context. Nothing is dated later than now: today's ratings
whose time has not come yet are left out.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from .instrument import ITEM_KEYS

DAYS = 150
BASELINE_DAYS = 21
INDUCTION = (0, 3, 6, 10, 14, 17)  # days after the first session
BOOSTER_EVERY = 21
SEED = 20261124
BOOSTER_HOLD = (9, 12, 8, 11, 10, 9, 12)  # days each booster's relief holds, then fades
EVENT = (50, "began weekly therapy")  # days after the first session, what changed

# Items that carry more of the total in this synthetic person (q1, q2, q3 first).
ITEM_WEIGHTS = (1.4, 1.3, 1.2, 1.0, 0.6, 0.9, 0.8)


def _session_days(first: date, last: date) -> list[tuple[date, str]]:
    days = [(first + timedelta(days=offset), "induction") for offset in INDUCTION]
    booster = days[-1][0] + timedelta(days=BOOSTER_EVERY + 3)
    while booster <= last - timedelta(days=3):
        days.append((booster, "maintenance"))
        booster += timedelta(days=BOOSTER_EVERY)
    return days


def _drop(number: int, days: int) -> float:
    """The transient drop ``days`` after session ``number`` (0-based): an induction
    session's fades over about a week; a booster's holds, then fades within days."""
    if number < len(INDUCTION):
        return 5.0 * math.exp(-days / 3.5)
    hold = BOOSTER_HOLD[(number - len(INDUCTION)) % len(BOOSTER_HOLD)]
    return 7.0 if days <= hold else 7.0 * math.exp(-(days - hold) / 1.5)


def _level(day: date, baseline: float, sessions: list[date]) -> float:
    """Expected total on a day: a lasting part that builds with each session, plus a
    larger transient drop after each session."""
    past = [s for s in sessions if s <= day]
    lasting = sum(1.15 * 0.85**i for i in range(len(past)))
    transient = sum(_drop(i, (day - s).days) for i, s in enumerate(past) if (day - s).days <= 21)
    return baseline - lasting - transient


def _answers(total: int, rng: random.Random) -> tuple[int, ...]:
    answers = [0] * 7
    for _ in range(max(0, min(21, total))):
        open_items = [i for i in range(7) if answers[i] < 3]
        weights = [ITEM_WEIGHTS[i] for i in open_items]
        answers[rng.choices(open_items, weights)[0]] += 1
    return tuple(answers)


def _instant(day: date, hour: int, minute: int) -> str:
    return datetime.combine(day, time(hour, minute)).astimezone().isoformat(timespec="seconds")


def _rating(
    day: date, instrument: str, total: int, hour: int, rng: random.Random
) -> dict[str, Any]:
    answers = _answers(total, rng)
    taken = _instant(day, hour, rng.randrange(60))
    return {
        "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "instrument": instrument,
        "day": day.isoformat(),
        "taken_at": taken,
        "recorded_at": taken,
        **dict(zip(ITEM_KEYS, answers, strict=True)),
        "difficulty": (min(3, sum(answers) // 6) if instrument == "gad7" else None),
        "total": sum(answers),
        "note": None,
    }


def _tolerability(rng: random.Random) -> dict[str, int | None]:
    """How one session felt: dissociation and nausea on most, blood pressure on some."""
    felt = rng.random() < 0.7
    pressure = felt and rng.random() < 0.4  # taken at the visits where the rest was asked
    systolic, diastolic = rng.randint(112, 132), rng.randint(70, 84)
    rise = rng.randint(6, 18)
    return {
        "dissociation": rng.choice((1, 2, 2, 3)) if felt else None,
        "nausea": rng.choice((0, 0, 1, 1, 2)) if felt else None,
        "bp_before_systolic": systolic if pressure else None,
        "bp_before_diastolic": diastolic if pressure else None,
        "bp_after_systolic": systolic + rise if pressure else None,
        "bp_after_diastolic": diastolic + rise // 2 if pressure else None,
    }


def events(today: date, seed: int = SEED) -> list[dict[str, Any]]:
    """The events rows (other changes) of the history ending ``today``."""
    first_session = today - timedelta(days=DAYS - 1 - BASELINE_DAYS)
    offset, text = EVENT
    rng = random.Random(seed)
    return [
        {
            "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "day": (first_session + timedelta(days=offset)).isoformat(),
            "text": text,
        }
    ]


def history(
    today: date, seed: int = SEED, now: datetime | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(ratings rows, sessions rows) ready for ``Store.insert_rows``; ``now`` (default:
    the clock's) is when the history ends, so no rating is later than it."""
    rng = random.Random(seed)
    now = now if now is not None else datetime.now()
    start = today - timedelta(days=DAYS - 1)
    first_session = start + timedelta(days=BASELINE_DAYS)
    planned = _session_days(first_session, today)
    session_dates = [day for day, _ in planned]
    baseline = 15.0
    ratings: list[dict[str, Any]] = []
    recent: list[float] = []
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        level = _level(day, baseline, session_dates)
        recent = [*recent[-13:], level]
        if rng.random() > 0.08:  # about one day in twelve is missed
            total = round(level + rng.gauss(0, 1.4))
            ratings.append(_rating(day, "daily", max(0, min(21, total)), 21, rng))
            if rng.random() < 0.12:  # a second rating some days (morning and evening)
                morning = round(level + 1 + rng.gauss(0, 1.2))
                ratings.append(_rating(day, "daily", max(0, min(21, morning)), 8, rng))
        if day in session_dates:  # a rating 3 to 6 hours after the 10:00 session
            after = round(level + rng.gauss(0, 1.0))
            hour = rng.choice((13, 14, 15))
            ratings.append(_rating(day, "daily", max(0, min(21, after)), hour, rng))
        if offset % 14 == 6:  # a standard two-week GAD-7 every 14 days
            recall = round(sum(recent) / len(recent) + rng.gauss(0, 1.0))
            ratings.append(_rating(day, "gad7", max(0, min(21, recall)), 20, rng))
    notes = {0: "first infusion; dissociation settled after 40 min", 3: "slept well afterwards"}
    felt = random.Random(seed + 1)  # its own draws: the ratings stay as they were
    sessions = [
        {
            "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "day": day.isoformat(),
            "time": "10:00",
            "kind": "ketamine-iv",
            "dose": 0.5 if course == "induction" else 0.6,
            "unit": "mg/kg",
            "course": course,
            "note": notes.get(number),
            **_tolerability(felt),
        }
        for number, (day, course) in enumerate(planned)
    ]
    # the random draws above are the same whatever the time: only what is kept changes
    limit = now.replace(second=0, microsecond=0)
    kept = [row for row in ratings if datetime.fromisoformat(row["taken_at"][:16]) <= limit]
    return kept, sessions
