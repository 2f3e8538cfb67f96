"""Inputs that once ended in a traceback, found while hardening (issue 6): each now gets
one 'Error:' line and status 1 or 2, or, for a day anxlog refuses but another program
stored, works."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import snapshot
from helpers_faults import SEVEN, make_db
from typer.testing import CliRunner, Result

from anxlog.cli import app
from anxlog.storage import Store


@pytest.fixture
def db(db_path: Path) -> Path:
    return make_db(db_path)


def _invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), *args])


def _refused_cleanly(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1


def test_an_answer_of_5000_digits(db: Path) -> None:
    _refused_cleanly(_invoke(db, "rate", "9" * 5000, *SEVEN[1:]))


@pytest.mark.parametrize(
    "args",
    [["edit", "9" * 19, *SEVEN], ["rm", "9" * 19, "--yes"], ["session", "rm", "9" * 19, "--yes"],
     ["session", "edit", "9" * 19, "--kind=x"], ["history", f"--limit={2**63}"]],
    ids=["edit", "rm", "session-rm", "session-edit", "history-limit"],
)  # fmt: skip
def test_an_id_beyond_sqlite_integers(db: Path, args: list[str]) -> None:
    _refused_cleanly(_invoke(db, *args))


def test_rate_on_the_first_day_of_year_one(db: Path) -> None:
    _refused_cleanly(_invoke(db, "rate", *SEVEN, "--date=0001-01-01"))


def test_a_session_in_year_one_is_refused(db: Path) -> None:
    before = snapshot(db)
    result = _invoke(db, "session", "add", "0001-01-05", "--kind=x")
    _refused_cleanly(result)
    assert result.exit_code == 2
    assert result.stderr == "Error: DATE 0001-01-05 is too long ago: give a date from 1900 on.\n"
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "args",
    [["rate", *SEVEN], ["trend", "--json"], ["trend", "--json", "--instrument", "gad7"]],
    ids=["rate", "trend", "trend-gad7"],
)
def test_a_session_in_year_one_written_by_another_program(db: Path, args: list[str]) -> None:
    """anxlog refuses such a date, but another program (or a hand edit) can store one."""
    store = Store.open(db)
    store.insert_rows("sessions", [{"uid": "s-year-one", "day": "0001-01-05", "kind": "x"}])
    store.close()
    result = _invoke(db, *args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
