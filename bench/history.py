"""Build a large synthetic anxlog database for benchmarks: one daily rating a day for
N years, a session every ~3 weeks (about 17 a year)."""

from __future__ import annotations

import random
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

from anxlog.storage import Store


def build(path: Path, years: int, sessions_per_year: int = 17, seed: int = 1) -> None:
    rng = random.Random(seed)
    days = 365 * years
    start = date.today() - timedelta(days=days - 1)
    ratings = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        answers = [rng.randint(0, 3) for _ in range(7)]
        stamp = f"{day.isoformat()}T21:00:00+00:00"
        ratings.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "instrument": "daily",
                "day": day.isoformat(),
                "taken_at": stamp,
                "recorded_at": stamp,
                **{f"q{i + 1}": a for i, a in enumerate(answers)},
                "difficulty": None,
                "total": sum(answers),
                "note": None,
            }
        )
    every = max(1, 365 // sessions_per_year)
    sessions = [
        {
            "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "day": (start + timedelta(days=offset)).isoformat(),
            "time": "10:00",
            "kind": "ketamine-iv",
            "dose": 0.5,
            "unit": "mg/kg",
            "course": None,
            "note": None,
        }
        for offset in range(30, days, every)
    ]
    store = Store.open(path)
    store.insert_rows("ratings", ratings)
    store.insert_rows("sessions", sessions)
    store.close()


if __name__ == "__main__":
    build(Path(sys.argv[1]), int(sys.argv[2]))
