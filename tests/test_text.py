"""escape_controls: the one path user text takes to the terminal and the report.

The lines named in the report of escape-sequence injection, as plain regression tests,
and the function itself. tests/test_terminal_properties.py drives every command with
generated text."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Run, snapshot
from hypothesis import given
from hypothesis import strategies as st

from anxlog.exchange.tables import SESSIONS_COLUMNS
from anxlog.present.text import escape_controls

TODAY = date.today()
DAY = (TODAY - timedelta(days=3)).isoformat()
OSC_TITLE = "\x1b]0;title\x07evil"  # sets the terminal's title, then prints "evil"
OSC_SHOWN = "\\x1b]0;title\\x07evil"


# -- the function -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),  # CSI: clear the screen
        ("a\rb\bc\x07", "a\\rb\\x08c\\x07"),  # overwrite the line, back up, bell
        ("x\x7fy", "x\\x7fy"),  # DEL
        ("\x9b2J \x9d0;t\x9c", "\\x9b2J \\x9d0;t\\x9c"),  # C1 CSI, OSC, ST
        ("\x80\x85\x9f", "\\x80\\x85\\x9f"),  # the ends of C1 and NEL between them
        ("pay \u202eevil", "pay \\u202eevil"),  # right-to-left override
        ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),  # embeddings, PDF, LRO
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),  # isolates
        ("\u200f\u200e\u061c", "\\u200f\\u200e\\u061c"),  # marks
        ("one\ntwo\tthree", "one\\ntwo\\tthree"),  # one line, always
        ("\u2028\u2029", "\\u2028\\u2029"),  # line and paragraph separators
        ("\U000e0041\U000e0042", "\\U000e0041\\U000e0042"),  # tag characters: invisible text
        ("file\udcff.csv", "file\\udcff.csv"),  # an undecodable byte of a file name
        ("\x00", "\\x00"),
    ],
)
def test_controls_are_shown_as_escapes(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "[bold]x[/bold] [red]y[/] [link=https://example.org]z[/link] :smile:",
        "é ✓ 漢字 ١٢٣ שלום مرحبا",
        "👩\u200d⚕️ family 👨\u200d👩\u200d👧",  # zero-width joiners inside emoji
        "می\u200cخواهم",  # the zero-width non-joiner in a Persian word
        "a\u00a0b\u3000c",  # spaces other than ' '
        "C:\\path\\x1b is typed, not an escape",
    ],
)
def test_ordinary_text_markup_and_joiners_are_kept_as_typed(text: str) -> None:
    assert escape_controls(text) == text


def test_nothing_gives_nothing() -> None:
    assert escape_controls(None) == escape_controls("") == ""


HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}
JOINERS = {"\u200c", "\u200d"}


def _oracle(text: str) -> str:
    """The slow, obvious version: Python's own escapes for every hidden character."""
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in HIDDEN and char not in JOINERS
        else char
        for char in text
    )


@given(st.text(st.characters(exclude_categories=())))  # every code point, surrogates too
def test_every_hidden_character_and_only_those_are_escaped(text: str) -> None:
    shown = escape_controls(text)
    assert shown == _oracle(text)
    assert [c for c in shown if unicodedata.category(c) in HIDDEN and c not in JOINERS] == []
    assert escape_controls(shown) == shown  # safe text passes unchanged


# -- the lines of the report ----------------------------------------------------------


def test_session_add_shows_the_kind_escaped(run: Run) -> None:
    result = run("session", "add", DAY, "--kind", OSC_TITLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Saved session 1: {DAY}, {OSC_SHOWN}.\n"


def test_session_edit_shows_the_kind_escaped(run: Run) -> None:
    run("session", "add", DAY, "--kind", "ketamine-iv")
    result = run("session", "edit", "1", "--kind", OSC_TITLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Updated session 1: kind ketamine-iv → {OSC_SHOWN}.\n"


def test_status_shows_the_last_session_kind_escaped(run: Run) -> None:
    run("session", "add", DAY, "--kind", OSC_TITLE)
    result = run("status")
    assert result.exit_code == 0, result.output
    assert f"  Last session 1: {DAY} (3 days ago), {OSC_SHOWN}.\n" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_a_kind_imported_from_a_received_file_never_reaches_the_terminal_raw(
    run: Run, tmp_path: Path
) -> None:
    kind = f"{OSC_TITLE} \x9b2J \u202e[bold]x"
    received = tmp_path / "from-the-clinic.csv"
    with received.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, SESSIONS_COLUMNS)
        writer.writeheader()
        writer.writerow({"uid": "s-1", "day": DAY, "kind": kind, "note": "\x1b[2J"})
    assert run("import", str(received)).exit_code == 0
    assert run("session", "list", "--json").stdout.count("\\u001b]0;title") == 1  # stored as is
    status = run("status").stdout
    assert f"{OSC_SHOWN} \\x9b2J \\u202e[bold]x." in status
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in status
    listed = run("session", "list").stdout
    assert "\\x1b]0;title\\x07evil" in listed and "\\x1b[2J" in listed
    assert "\x1b" not in listed and "\x9b" not in listed and "\u202e" not in listed
    deleted = run("session", "rm", "1", "--yes").stdout
    assert deleted == f"Deleted session 1 ({DAY}, {OSC_SHOWN} \\x9b2J \\u202e[bold]x).\n"


def test_session_rm_asks_and_confirms_with_the_kind_escaped(run: Run) -> None:
    run("session", "add", DAY, "--kind", f"{OSC_TITLE}[bold]")
    asked = run("session", "rm", "1", input="n\n")
    assert asked.exit_code == 1
    assert asked.stdout.startswith(f"Delete session 1 ({DAY}, {OSC_SHOWN}[bold])? [y/N]")
    deleted = run("session", "rm", "1", "--yes")
    assert deleted.stdout == f"Deleted session 1 ({DAY}, {OSC_SHOWN}[bold]).\n"


def test_an_error_quoting_what_was_typed_shows_it_escaped(run: Run, db_path: Path) -> None:
    run("rate", *"1111111")
    before = snapshot(db_path)
    result = run("edit", "\x1b[2J\u202e")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: ID '\\x1b[2J\\u202e' is not a rating id: give the number 'anxlog history' shows.\n"
    )
    assert snapshot(db_path) == before


def test_an_error_naming_a_file_shows_its_name_escaped(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "x\x1b]0;t\x07\x9b2J\u202e.csv"
    result = run("import", str(missing))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path}/x\\x1b]0;t\\x07\\x9b2J\\u202e.csv does not exist: "
        "give the CSV or JSON file to import.\n"
    )


def test_import_messages_show_the_file_name_escaped(run: Run, tmp_path: Path) -> None:
    received = tmp_path / "s\x1b[2J\u2066.csv"
    received.write_text(",".join(SESSIONS_COLUMNS) + "\n")
    shown = f"{tmp_path}/s\\x1b[2J\\u2066.csv"
    assert run("import", str(received)).stdout == f"Nothing to import: {shown} holds no rows.\n"
    cells = {"uid": "s-1", "day": DAY, "kind": "ketamine-iv"}
    row = ",".join(cells.get(column, "") for column in SESSIONS_COLUMNS)
    received.write_text(received.read_text() + row + "\n")
    result = run("import", str(received))
    assert result.stdout == f"Imported 1 session from {shown}; skipped 0 already present.\n"


# -- the report -----------------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_report_escapes_html_and_shows_bidi_and_controls_visibly(
    run: Run, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    for offset in range(20, 0, -1):
        day = (TODAY - timedelta(days=offset)).isoformat()
        run("rate", *"1111111", "--date", day)
    kind = "ketamine \u202egnp.exe\u202c <b>x</b>"
    note = "line one\nline \x1b[2Jtwo \u2067isolated\u2069 [bold]"
    day = (TODAY - timedelta(days=10)).isoformat()
    assert run("session", "add", day, "--kind", kind, "--note", note).exit_code == 0
    page_path = tmp_path / "report.html"
    result = run("report", "--out", str(page_path))
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    for raw in ("\u202e", "\u202c", "\u2067", "\u2069", "\x1b", "<b>"):
        assert raw not in page
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.text)
    assert "ketamine \\u202egnp.exe\\u202c <b>x</b>" in text
    assert "line \\x1b[2Jtwo \\u2067isolated\\u2069 [bold]" in text
    assert "line one<br>line" in page  # the note's own line break is kept as <br>


# -- JSON for programs: the same text, no character a terminal would obey -------------

RAW = "\x7f\x9b2J\u202eevil\u2066x\u2028"  # DEL, C1 CSI, bidi override and isolate, separator


@pytest.mark.parametrize(
    "args",
    [
        ["history", "--json"],
        ["session", "list", "--json"],
        ["event", "list", "--json"],
        ["trend", "--json"],
        ["export", "ratings", "--format", "json"],
        ["export", "sessions", "--format", "json"],
        ["export", "events", "--format", "json"],
    ],
    ids=lambda args: " ".join(args),
)
def test_json_output_escapes_hidden_characters_and_keeps_the_text(
    run: Run, args: list[str]
) -> None:
    import json

    assert run("rate", "1", "1", "1", "1", "1", "1", "1", "--note", RAW).exit_code == 0
    assert run("session", "add", "--kind", RAW, "--note", RAW).exit_code == 0
    assert run("event", "add", RAW).exit_code == 0
    result = run(*args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not any(unicodedata.category(char) in ("Cc", "Cf", "Zl") for char in out.rstrip("\n"))
    assert "\\u009b" in out and "\\u202e" in out
    assert RAW in _strings(json.loads(out))  # read back, the very text that was stored


def _strings(value: object) -> list[str]:
    """Every string in a JSON value, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
