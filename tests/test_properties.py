"""Whatever is typed: either a correct row, or one 'Error:' line, status 1 or 2 and an
unchanged database; never a traceback. Hypothesis over rate, session add, edit, import.

Every example runs on its own copy of a small database. Options are passed as
``--option=VALUE`` so that a value starting with '-' stays a value, as a careful shell
user would type it. Text never holds NUL: a real command line cannot carry one.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import snapshot
from helpers_faults import make_db
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from anxlog.cli import app
from anxlog.records import SUGGESTED_KINDS
from anxlog.storage import Store

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Maybe(NamedTuple):
    """Refusing is fine; accepting is fine only with this value (e.g. '٣' read as 3)."""

    value: Any


INVALID = object()  # must be refused
TODAY = date.today()

ANSWER_SAMPLES = ["0", "1", "2", "3", "+1", "-0", " 2", "3 ", "007", "²", "٣", "３", "¹", "-1", "4",
               "", " ", "1.0", "1e0", "0x1", "½", "一", "99999999999999999999999999"]  # fmt: skip
ANSWER = st.one_of(
    st.sampled_from(ANSWER_SAMPLES),
    st.integers(-(10**40), 10**40).map(str),
    st.text(alphabet="0123²٣３+- .", max_size=4).filter(lambda token: token != "--"),
)
DAYS = [
    ("today", TODAY), (" Yesterday ", TODAY - timedelta(days=1)), ("2024-02-29", date(2024, 2, 29)),
    ("1999-12-31", date(1999, 12, 31)), ("2025-02-29", INVALID), ("2025-13-01", INVALID),
    ("2025-1-1", INVALID), ("٢٠٢٥-٠١-٠١", INVALID), ("", INVALID), ("31/12/2024", INVALID),
    ((TODAY + timedelta(days=1)).isoformat(), INVALID), ("tomorrow", INVALID),
]  # fmt: skip
TIMES = [
    ("21:30", "21:30"), ("9:05", "09:05"), (" 07:00 ", "07:00"), ("00:00", "00:00"),
    ("24:00", INVALID), ("12:60", INVALID), ("1230", INVALID), ("", INVALID), ("7pm", INVALID),
    ("٢:٣٠", Maybe("02:30")),
]  # fmt: skip
DOSES = [
    ("35", 35.0), ("0.5", 0.5), (" 56 ", 56.0), ("1e3", 1000.0), ("0.00001", 0.00001),
    ("0", INVALID), ("-1", INVALID), ("nan", INVALID), ("inf", INVALID), ("1e400", INVALID),
    ("abc", INVALID), ("", INVALID), ("³", INVALID), ("٣", Maybe(3.0)), ("1_0", Maybe(10.0)),
]  # fmt: skip
UNITS = [("mg", "mg"), ("mg/kg", "mg/kg"), (" mg ", "mg"), ("MG", "mg"), ("Mg/KG", "mg/kg"),
         ("ml", INVALID), ("", INVALID)]  # fmt: skip
TEXT = st.text(max_size=30).filter(lambda text: "\x00" not in text)
GOOD_ANSWER = st.sampled_from(["0", "1", "2", "3", " 2", "+1", "-0", "03"])
ONE_ODD_OF_SEVEN = st.tuples(
    st.lists(GOOD_ANSWER, min_size=7, max_size=7), st.integers(0, 6), ANSWER
).map(lambda drawn: [*drawn[0][: drawn[1]], drawn[2], *drawn[0][drawn[1] + 1 :]])
SEVEN_OR_SO = st.one_of(
    st.lists(GOOD_ANSWER, min_size=7, max_size=7),
    ONE_ODD_OF_SEVEN,
    ONE_ODD_OF_SEVEN,
    st.lists(ANSWER, min_size=1, max_size=9),
)
KIND = st.one_of(
    st.sampled_from([*SUGGESTED_KINDS, " ketamine-iv ", "", " ", "\t\n", "\u3000"]), TEXT, st.none()
)


def _typed(table: list[tuple[str, Any]]) -> st.SearchStrategy[tuple[str, Any] | None]:
    """Left out, a value that is accepted, or any value of the table (half of them odd)."""
    accepted = [entry for entry in table if entry[1] is not INVALID]
    return st.none() | st.sampled_from(accepted) | st.sampled_from(table)


def _answer(token: str) -> int | object:
    stripped = token.strip()
    if re.fullmatch(r"[+-]?[0-9]+", stripped) and 0 <= int(stripped) <= 3:
        return int(stripped)
    return INVALID


def _must(*expected: Any) -> bool | None:
    """True: must be accepted; False: must be refused; None: either (a Maybe is involved)."""
    if any(value is INVALID for value in expected):
        return False
    return None if any(isinstance(value, Maybe) for value in expected) else True


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Maybe) else value


@pytest.fixture
def fresh(tmp_path: Path) -> Callable[[], Path]:
    """A new copy of a database with ratings 1-3 and sessions 1-2, per example."""
    template = make_db(tmp_path / "template" / "anxlog.db", ratings=3)
    store = Store.open(template)
    for day in ("1990-01-02", "1990-01-03"):
        store.add_session({"day": day, "kind": "ketamine-iv", "dose": 35, "unit": "mg"})
    store.close()
    numbers = itertools.count()

    def copy() -> Path:
        target = tmp_path / f"example-{next(numbers)}" / "anxlog.db"
        target.parent.mkdir()
        shutil.copyfile(template, target)
        return target

    return copy


def _invoke(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert "Traceback" not in result.output
    return result


def _settle(result: Result, db: Path, before: object, must: bool | None) -> bool:
    """The checks every example shares; True when the command was accepted."""
    event("accepted" if result.exit_code == 0 else f"refused with status {result.exit_code}")
    if result.exit_code == 0:
        assert must is not False, f"accepted what must be refused: {result.output}"
        return True
    assert must is not True, f"refused what must be accepted: {result.output}"
    assert result.exit_code in (1, 2), result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert snapshot(db) == before
    return False


def _listed(db: Path, *command: str) -> list[dict[str, Any]]:
    result = _invoke(db, *command, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


# -- rate -------------------------------------------------------------------------


def _later_today(day: tuple[str, Any] | None, clock: tuple[str, Any] | None) -> Any:
    """INVALID for a time later today than now, as a future date is; Maybe within the
    minute the command may run in."""
    chosen = _plain(clock[1]) if clock is not None else None
    if not isinstance(chosen, str) or (day is not None and _plain(day[1]) != date.today()):
        return None
    now = datetime.now()
    if chosen > (now + timedelta(minutes=1)).strftime("%H:%M"):
        return INVALID
    return Maybe(chosen) if chosen > now.strftime("%H:%M") else None


@SETTINGS
@given(
    answers=SEVEN_OR_SO,
    day=_typed(DAYS),
    clock=_typed(TIMES),
    note=st.none() | TEXT,
    gad7=st.booleans(),
    difficulty=st.one_of(st.none(), st.none(), GOOD_ANSWER, ANSWER),
)
def test_rate(
    fresh: Callable[[], Path],
    answers: list[str],
    day: tuple[str, Any] | None,
    clock: tuple[str, Any] | None,
    note: str | None,
    gad7: bool,
    difficulty: str | None,
) -> None:
    db = fresh()
    args = ["rate", *answers]
    expected: list[Any] = [_answer(token) for token in answers]
    expected.append(INVALID if len(answers) != 7 else None)
    for option, chosen in (("--date", day), ("--time", clock)):
        if chosen is not None:
            args.append(f"{option}={chosen[0]}")
            expected.append(chosen[1])
    if note is not None:
        args.append(f"--note={note}")
    if gad7:
        args.append("--gad7")
    if difficulty is not None:
        args.append(f"--difficulty={difficulty}")
        expected.append(_answer(difficulty) if gad7 else INVALID)
    expected.append(_later_today(day, clock))
    before = snapshot(db)
    if not _settle(_invoke(db, *args), db, before, _must(*expected)):
        return
    saved = max(_listed(db, "history"), key=lambda rating: rating["id"])
    assert saved["id"] == 4
    assert saved["answers"] == [int(token) for token in answers]
    assert saved["total"] == sum(saved["answers"])
    assert saved["instrument"] == ("gad7" if gad7 else "daily")
    assert saved["difficulty"] == (None if difficulty is None else int(difficulty))
    assert saved["note"] == (note or None)
    if day is not None:
        assert saved["day"] == _plain(day[1]).isoformat()
    if clock is not None:
        assert saved["taken_at"][11:16] == _plain(clock[1])


# -- session add ------------------------------------------------------------------


@SETTINGS
@given(
    day=_typed(DAYS),
    kind=KIND,
    clock=_typed(TIMES),
    dosed=st.one_of(
        st.tuples(st.none(), st.none()),
        st.tuples(_typed(DOSES), _typed(UNITS)),
        st.tuples(_typed(DOSES), _typed(UNITS)),
    ),
    course=st.none() | TEXT,
    note=st.none() | TEXT,
)
def test_session_add(
    fresh: Callable[[], Path],
    day: tuple[str, Any] | None,
    kind: str | None,
    clock: tuple[str, Any] | None,
    dosed: tuple[tuple[str, Any] | None, tuple[str, Any] | None],
    course: str | None,
    note: str | None,
) -> None:
    db = fresh()
    dose, unit = dosed
    args = ["session", "add"]
    expected: list[Any] = [INVALID if kind is None or not kind.strip() else kind.strip()]
    if day is not None:
        args.append(day[0])
        expected.append(day[1])
    if kind is not None:
        args.append(f"--kind={kind}")
    for option, chosen in (("--time", clock), ("--dose", dose), ("--unit", unit)):
        if chosen is not None:
            args.append(f"{option}={chosen[0]}")
            expected.append(chosen[1])
    expected.append(INVALID if (dose is None) != (unit is None) else None)
    for option, text in (("--course", course), ("--note", note)):
        if text is not None:
            args.append(f"{option}={text}")
    before = snapshot(db)
    if not _settle(_invoke(db, *args), db, before, _must(*expected)):
        return
    saved = max(_listed(db, "session", "list"), key=lambda session: session["id"])
    assert saved["id"] == 3
    assert kind is not None and saved["kind"] == kind.strip()
    assert saved["day"] == (TODAY if day is None else _plain(day[1])).isoformat()
    assert saved["time"] == (None if clock is None else _plain(clock[1]))
    assert saved["dose"] == (None if dose is None else _plain(dose[1]))
    assert saved["unit"] == (None if unit is None else _plain(unit[1]))
    assert saved["course"] == ((course.strip() or None) if course is not None else None)
    assert saved["note"] == (note or None)


# -- edit -------------------------------------------------------------------------

RATING_ID = st.one_of(
    st.sampled_from(["1", "2", "3"]),
    st.integers(-2, 6).map(str),
    st.sampled_from(["abc", "", "1.0", "٣", " 2", "+1", "0x1", "1_0", "9" * 18, "-0"]),
)


def _rating_id(text: str) -> Any:
    if re.fullmatch(r"[0-9]+", text) and 1 <= int(text) <= 3:
        return int(text)
    try:
        number = int(text)
    except ValueError:
        return INVALID
    return Maybe(number) if 1 <= number <= 3 else INVALID


@SETTINGS
@given(
    rating_id=RATING_ID,
    answers=st.just([]) | SEVEN_OR_SO,
    day=_typed(DAYS),
    note=st.none() | TEXT,
)
def test_edit(
    fresh: Callable[[], Path],
    rating_id: str,
    answers: list[str],
    day: tuple[str, Any] | None,
    note: str | None,
) -> None:
    db = fresh()
    args = ["edit", rating_id, *answers]
    expected: list[Any] = [_rating_id(rating_id)]
    if answers:
        expected += [_answer(token) for token in answers]
        expected.append(INVALID if len(answers) != 7 else None)
    if day is not None:
        args.append(f"--date={day[0]}")
        expected.append(day[1])
    if note is not None:
        args.append(f"--note={note}")
    if not answers and day is None and note is None:
        expected.append(INVALID)  # nothing to change
    ratings_before = {rating["id"]: rating for rating in _listed(db, "history")}
    moved = ratings_before.get(_plain(expected[0]))
    if day is not None and moved is not None and "T" in moved["taken_at"]:
        # a rating moved to today keeps its time: refused while that time is still to come
        expected.append(_later_today(day, ("", moved["taken_at"][11:16])))
    before = snapshot(db)
    if not _settle(_invoke(db, *args), db, before, _must(*expected)):
        return
    edited_id = _plain(expected[0])
    after = {rating["id"]: rating for rating in _listed(db, "history")}
    assert after.keys() == ratings_before.keys()
    for number, rating in after.items():
        if number != edited_id:
            assert rating == ratings_before[number]
    edited, old = after[edited_id], ratings_before[edited_id]
    assert edited["answers"] == ([int(token) for token in answers] if answers else old["answers"])
    assert edited["total"] == sum(edited["answers"])
    assert edited["note"] == ((note or None) if note is not None else old["note"])
    assert edited["day"] == (_plain(day[1]).isoformat() if day is not None else old["day"])
    assert edited["uid"] == old["uid"]


# -- import -----------------------------------------------------------------------

ODD_CELLS = ["", " ", "4", "-1", "٣", "²", "1.5", "nan", "inf", "1e400", "9" * 50, "=1+1",
             "'=x", "2025-02-30", "today", "25:00", "mg/kg", "ml", "daily", "gad7", "phq9", "null",
             "\n", '"']  # fmt: skip
CELL = st.sampled_from(ODD_CELLS) | st.text(max_size=8)
JSON_CELL = CELL | st.none() | st.booleans() | st.integers() | st.floats() | st.lists(st.integers())


@st.composite
def malformed(draw: st.DrawFn, exports: dict[str, list[dict[str, Any]]]) -> tuple[str, bytes]:
    """An anxlog export with up to three things wrong with it, as (suffix, bytes)."""
    form = draw(st.sampled_from(["csv", "json"]))
    table = draw(st.sampled_from(["ratings", "sessions"]))
    rows = [dict(row) for row in exports[f"{table}.{form}"]]
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.sampled_from(["cell", "cell", "drop", "extra", "duplicate"]))
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from(sorted(row)))
        if change == "cell":
            row[column] = draw(CELL if form == "csv" else JSON_CELL)
        elif change == "drop":
            for every in rows:
                every.pop(column, None)
        elif change == "extra":
            row["surprise"] = draw(CELL)
        else:
            rows.append(dict(row))
    if form == "json":
        data = json.dumps(rows, ensure_ascii=draw(st.booleans())).encode()
    else:
        columns = list(dict.fromkeys(column for row in rows for column in row))
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
        data = out.getvalue().encode()
    damage = draw(st.sampled_from(["none", "none", "truncate", "bom", "latin-1", "garbage"]))
    if damage == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "latin-1":
        data = data.replace(b"ketamine", "k\xe9tamine".encode("latin-1"))
    elif damage == "garbage":
        data += draw(st.binary(min_size=1, max_size=20))
    return form, data


@pytest.fixture
def exports(fresh: Callable[[], Path]) -> dict[str, list[dict[str, Any]]]:
    """The template's ratings and sessions exports (CSV and JSON), with new uids."""
    db = fresh()
    found: dict[str, list[dict[str, Any]]] = {}
    for table, form in itertools.product(["ratings", "sessions"], ["csv", "json"]):
        data = _invoke(db, "export", table, f"--format={form}").stdout
        rows = list(csv.DictReader(io.StringIO(data))) if form == "csv" else json.loads(data)
        for row in rows:
            row["uid"] = f"imported-{row['uid']}"
        found[f"{table}.{form}"] = rows
    return found


@SETTINGS
@given(data=st.data())
def test_import(
    fresh: Callable[[], Path],
    exports: dict[str, list[dict[str, Any]]],
    data: st.DataObject,
) -> None:
    form, content = data.draw(malformed(exports))
    db = fresh()
    source = db.parent / f"import.{form}"
    source.write_bytes(content)
    old = {(row["uid"], json.dumps(row)) for row in _listed(db, "history")}
    old |= {(row["uid"], json.dumps(row)) for row in _listed(db, "session", "list")}
    before = snapshot(db)
    if not _settle(_invoke(db, "import", str(source)), db, before, None):
        return
    now = {(row["uid"], json.dumps(row)) for row in _listed(db, "history")}
    now |= {(row["uid"], json.dumps(row)) for row in _listed(db, "session", "list")}
    assert old <= now  # nothing already there was changed
    for uid, _ in now - old:
        assert uid.encode() in content or json.dumps(uid).encode() in content
