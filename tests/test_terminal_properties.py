"""Whatever text is stored, typed or named, nothing reaches the terminal that it could obey.

Hypothesis feeds text made of any code points, ESC/OSC/CSI sequences, \\r, \\b, C1
controls, bidi overrides and isolates and rich markup through every command that prints
stored text or quotes what was typed, and checks stdout and stderr: no control character
but \\n. With colour forced on, only the SGR styling sequences (ESC [ … m) may appear, and
none of those that the generated text carries.

Every example runs on its own copy of a small database. Click strips escape sequences
from output that is not a terminal; the runner is told not to, so what a terminal would
receive is what is checked.
"""

from __future__ import annotations

import csv
import itertools
import re
import shutil
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import snapshot
from helpers_exchange import rating_row, seed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from anxlog.cli import app
from anxlog.exchange.tables import SESSIONS_COLUMNS

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TODAY = date.today()
SESSION_DAY = (TODAY - timedelta(days=10)).isoformat()

# SGR sequences that anxlog's own styling never writes: if one shows up, it came from the text
FOREIGN_SGR = ["\x1b[5;31m", "\x1b[38;2;1;2;3m", "\x1b[8m"]
SEQUENCES = [
    *FOREIGN_SGR,
    "\x1b]0;title\x07",  # OSC: window title
    "\x1b]8;;https://example.org\x1b\\",  # OSC 8 hyperlink, ended by ST
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: write the clipboard
    "\x1b[2J",  # CSI: clear the screen
    "\x1b[1A\x1b[2K",  # up one line, erase it
    "\x1bc",  # reset the terminal
    "\x1bP+q\x1b\\",  # DCS
    "\x9b2J",  # C1 CSI
    "\x9d0;t\x9c",  # C1 OSC … ST
    "\x85",  # C1 next line
    "\r",
    "\b",
    "\x07",
    "\x7f",
    "\n",
    "\t",
    "\u202e",  # right-to-left override
    "\u202d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u2066",  # isolates
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200f",
    "\u2028",
    "\U000e0041",  # a tag character: invisible
    "[bold]",
    "[/bold]",
    "[red]x[/red]",
    "[link=https://example.org]x[/link]",
    ":warning:",
]
# any code point but NUL, which a real command line cannot carry, and lone surrogates
CHARACTERS = st.characters(exclude_characters="\x00")
TEXT = (
    st.lists(st.sampled_from(SEQUENCES) | st.text(CHARACTERS, max_size=4), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: bool(text.strip()))  # a kind must hold something visible
)

# a file holds UTF-8 text: no lone surrogates in what is written into one
FILE_TEXT = TEXT.map(lambda text: "".join(c for c in text if not "\ud800" <= c <= "\udfff")).filter(
    lambda text: bool(text.strip())
)
# what is stored: lone surrogates (bytes that are not UTF-8) are refused before that
# (tests/test_everyday.py), so the text these commands must accept holds none
STORED = TEXT.filter(lambda text: not any("\ud800" <= char <= "\udfff" for char in text))

HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # controls, format characters, separators, surrogates
JOINERS = {"\u200c", "\u200d"}  # shown as typed: they only join letters and emoji
SGR = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = {
    "off": {"NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": None},
    "on": {"NO_COLOR": None, "TERM": "xterm-256color", "FORCE_COLOR": "1"},
}
COLOURS = st.sampled_from(sorted(COLOUR))  # each example runs with colour off or forced on


@pytest.fixture
def fresh(tmp_path: Path) -> Callable[[], Path]:
    """A new copy, per example, of a database with 20 rated days around a session day."""
    template = tmp_path / "template" / "anxlog.db"
    days = [(TODAY - timedelta(days=offset)).isoformat() for offset in range(20, 0, -1)]
    seed(template, [rating_row(f"r{n}", day, (n % 4,) * 7) for n, day in enumerate(days)])
    numbers = itertools.count()

    def copy() -> Path:
        target = tmp_path / f"example-{next(numbers)}" / "anxlog.db"
        target.parent.mkdir()
        shutil.copyfile(template, target)
        return target

    return copy


def _clean(stream: str, colour: str) -> None:
    if colour == "on":
        for foreign in FOREIGN_SGR:
            assert foreign not in stream
        stream = SGR.sub("", stream)
    hidden = [
        char
        for char in stream
        if char != "\n" and unicodedata.category(char) in HIDDEN and char not in JOINERS
    ]
    assert hidden == [], stream


def _runner(db: Path, colour: str) -> Callable[..., Result]:
    runner = CliRunner(env=COLOUR[colour])

    def invoke(*args: str, input: str | None = None, fails: bool = False) -> Result:
        """Runs one command; ``fails``: refused or declined, and the database unchanged."""
        before = snapshot(db) if fails else None
        result = runner.invoke(app, ["--db", str(db), *args], input=input, color=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{type(result.exception).__name__}: {result.exception}"
        )
        _clean(result.stdout, colour)
        _clean(result.stderr, colour)
        if not fails:
            assert result.exit_code == 0, result.output
            return result
        assert result.exit_code in (1, 2), result.output
        assert snapshot(db) == before
        if input is None:  # refused, not declined at the question
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        return result

    return invoke


@SETTINGS
@given(colour=COLOURS, note=STORED, other=STORED)
def test_rating_commands(fresh: Callable[[], Path], colour: str, note: str, other: str) -> None:
    db = fresh()
    cli = _runner(db, colour)
    assert "Note: " in cli("rate", *"1111111", f"--note={note}").stdout
    cli("history")
    cli("edit", "21", f"--note={other}")
    cli("history", "--limit=3")
    assert "Delete rating 21" in cli("rm", "21", input="n\n", fails=True).stdout
    cli("edit", "--", other, fails=True)
    cli("rm", "--", note, fails=True)
    cli("history", f"--since={note}", fails=True)
    cli("history", f"--instrument={other}", fails=True)
    cli("history", f"--limit=x{note}", fails=True)  # 'x': generated text may be a number
    cli("rate", *"111111", f"--date={other}", fails=True)
    cli("rate", *"11111", "1", "--", note, fails=True)
    cli("rm", "21", "--yes")


@SETTINGS
@given(colour=COLOURS, kind=STORED, course=STORED, note=STORED, other=STORED)
def test_session_commands(
    fresh: Callable[[], Path], colour: str, kind: str, course: str, note: str, other: str
) -> None:
    db = fresh()
    cli = _runner(db, colour)
    options = [f"--kind={kind}", f"--course={course}", f"--note={note}"]
    cli("session", "add", SESSION_DAY, *options, "--dose=1", "--unit=mg")
    cli("session", "list")
    cli("status")
    cli("trend")
    cli("session", "edit", "1", f"--kind={other}", f"--course={other}", f"--note={other}")
    cli("session", "list")
    cli("status")
    cli("trend", "--no-chart")
    assert "Delete session 1" in cli("session", "rm", "1", input="n\n", fails=True).stdout
    cli("session", "add", f"--kind={kind}", f"--dose=x{note}", "--unit=mg", fails=True)
    cli("session", "add", f"--kind={kind}", "--dose=1", f"--unit={other}", fails=True)
    cli("session", "add", f"--time={course}", f"--kind={kind}", fails=True)
    cli("session", "add", note, f"--kind={kind}", fails=True)
    cli("session", "edit", "--", other, f"--kind={kind}", fails=True)
    cli("session", "rm", "--", note, fails=True)
    cli("trend", f"--window=x{course}", fails=True)
    cli("trend", f"--item={note}", fails=True)
    cli("export", other, fails=True)
    cli("session", "rm", "1", "--yes")


def _file_name(text: str) -> str:
    """The text as one file name: no '/', no NUL, at most 200 bytes; of the lone
    surrogates only those that stand for undecodable bytes (U+DC80–U+DCFF)."""
    name = "f" + "".join(
        c for c in text.replace("/", "|") if not "\ud800" <= c <= "\udfff" or c >= "\udc80"
    )
    name = "".join(c for c in name if not "\udd00" <= c <= "\udfff")
    while len(name.encode("utf-8", "surrogateescape")) > 200:
        name = name[:-1]
    return name


def _sessions_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


@SETTINGS
@given(colour=COLOURS, kind=FILE_TEXT, course=FILE_TEXT, note=FILE_TEXT, name=TEXT)
def test_import_and_file_names(
    fresh: Callable[[], Path], colour: str, kind: str, course: str, note: str, name: str
) -> None:
    db = fresh()
    cli = _runner(db, colour)
    folder = db.parent / _file_name(name)
    folder.mkdir()
    row = {"uid": "s-1", "day": SESSION_DAY, "kind": kind, "course": course, "note": note}
    received = _sessions_csv(folder / "sessions.csv", [row], list(SESSIONS_COLUMNS))
    assert "Dry run" in cli("import", str(received), "--dry-run").stdout
    assert "Imported 1 session" in cli("import", str(received)).stdout
    assert "Nothing new" in cli("import", str(received)).stdout
    cli("status")
    cli("session", "list")
    cli("trend")
    empty = _sessions_csv(folder / "empty.csv", [], list(SESSIONS_COLUMNS))
    assert "Nothing to import" in cli("import", str(empty)).stdout
    cli("import", str(folder / "missing.csv"), fails=True)
    bad_day = {**row, "uid": "s-2", "day": note}
    cli(
        "import",
        str(_sessions_csv(folder / "bad.csv", [bad_day], list(SESSIONS_COLUMNS))),
        fails=True,
    )
    odd_header = _sessions_csv(folder / "odd.csv", [{"uid": "x", course: kind}], ["uid", course])
    cli("import", str(odd_header), fails=True)
    cli("export", "sessions", f"--out={folder / 'out.csv'}")
    cli("export", "sessions", f"--out={folder / 'out.csv'}", fails=True)  # exists: names it
    cli("where")
    cli("backup", str(folder / "copy.db"))
    cli("--db", str(folder / "copy.db"), "check")
    cli("session", "rm", "1", "--yes")


@SETTINGS
@given(colour=COLOURS, text=TEXT, other=TEXT)
def test_event_commands(fresh: Callable[[], Path], colour: str, text: str, other: str) -> None:
    db = fresh()
    cli = _runner(db, colour)
    cli("event", "add", SESSION_DAY, "--", text)
    cli("event", "list")
    cli("trend")  # the events of the period are listed under the chart
    cli("event", "edit", "1", f"--text={other}")
    cli("event", "list")
    cli("trend", "--no-chart")
    assert "Delete event 1" in cli("event", "rm", "1", input="n\n", fails=True).stdout
    cli("event", "add", SESSION_DAY, " ", fails=True)
    cli("event", "edit", "1", f"--date={other}", fails=True)
    cli("event", "edit", "--", text, f"--text={other}", fails=True)
    cli("event", "list", f"--since={text}", fails=True)
    # a trailing '/' and a leading 4 keep these refused whatever the text
    cli("session", "add", SESSION_DAY, "--kind=x", f"--bp-before={text}/", fails=True)
    cli("session", "add", SESSION_DAY, "--kind=x", f"--dissociation=4{other}", fails=True)
    cli("export", "events", f"--instrument={text}", fails=True)
    cli("event", "rm", "1", "--yes")
