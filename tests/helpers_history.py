"""Shared by the trend --json and export ratings fast-path tests: seed a history of ratings
and sessions, in a fresh copy of one empty, migrated database per hypothesis example
(function-scoped fixtures are not reset between examples)."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers_exchange import rating_row as exchange_rating_row
from helpers_exchange import seed as seed  # the history tests seed databases the same way
from helpers_exchange import session_row as exchange_session_row
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from anxlog.instrument import ITEM_KEYS
from anxlog.storage import Store

FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
QUICK = settings(max_examples=200, deadline=None)  # pure functions: no database

INSTRUMENTS = ("daily", "gad7")
Row = dict[str, Any]


# -- databases -------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty, migrated database; each example works on a copy of it."""
    path = tmp_path_factory.mktemp("fast-template") / "anxlog.db"
    Store.open(path).close()
    return path


class Databases:
    """Fresh copies of the empty database, one per call (so one per example)."""

    def __init__(self, template: Path, folder: Path) -> None:
        self.template = template
        self.folder = folder
        self.numbers = itertools.count()

    def new(self, ratings: Sequence[Row] = (), sessions: Sequence[Row] = ()) -> Store:
        folder = self.folder / f"example-{next(self.numbers)}"
        folder.mkdir(mode=0o700)
        path = folder / "anxlog.db"
        shutil.copyfile(self.template, path)
        path.chmod(0o600)
        store = Store.open(path)
        store.insert_rows("ratings", list(ratings))
        store.insert_rows("sessions", list(sessions))
        return store


@pytest.fixture(scope="module")
def databases(empty_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Databases:
    return Databases(empty_db, tmp_path_factory.mktemp("fast-examples"))


def rating_row(
    uid: str,
    day: date,
    answers: Sequence[int],
    *,
    instrument: str = "daily",
    difficulty: int | None = None,
    taken_at: str | None = None,
    recorded_at: str | None = None,
    note: str | None = None,
) -> Row:
    """helpers_exchange.rating_row for a date, recorded when taken unless told."""
    taken = taken_at or f"{day.isoformat()}T09:00:00+01:00"
    return exchange_rating_row(
        uid,
        day.isoformat(),
        answers,
        instrument=instrument,
        difficulty=difficulty if instrument == "gad7" else None,
        note=note,
        taken_at=taken,
        recorded_at=recorded_at or taken,
    )


def session_row(uid: str, day: date, **fields: Any) -> Row:
    """helpers_exchange.session_row for a date."""
    return exchange_session_row(uid, day.isoformat(), **fields)


# -- strategies ------------------------------------------------------------------

ANSWERS = st.tuples(*(st.integers(0, 3) for _ in ITEM_KEYS))
TIMES = st.one_of(st.none(), st.sampled_from(["00:00", "08:30", "10:00", "23:59"]))
DOSES = st.one_of(
    st.just((None, None)),
    st.tuples(st.sampled_from([0.5, 35.0, 56.0, 0.25]), st.sampled_from(["mg", "mg/kg"])),
)
KINDS = st.sampled_from(["ketamine-iv", "ketamin-ö", "esketamine-nasal", "=cmd", "other"])
