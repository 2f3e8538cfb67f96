"""How a session was tolerated: session add/edit options, the optional questions in a
terminal, and session list (table and JSON). The real CLI on a real database file."""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from anxlog.cli import options, tolerability
from anxlog.errors import InputError
from anxlog.records import BloodPressure

FELT = ("--dissociation", "2", "--nausea", "1", "--bp-before", "128/82", "--bp-after", "141/90")
NOTHING = {"dissociation": None, "nausea": None, "bp_before": None, "bp_after": None}


def _felt(run: Run) -> list[dict[str, Any]]:
    result = run("session", "list", "--json")
    assert result.exit_code == 0, result.output
    return [session["tolerability"] for session in json.loads(result.stdout)]


def test_add_with_every_part(run: Run) -> None:
    result = run("session", "add", "2026-01-05", "--kind", "ketamine-iv", *FELT)
    assert result.exit_code == 0, result.output
    assert _felt(run) == [
        {
            "dissociation": 2,
            "nausea": 1,
            "bp_before": {"systolic": 128, "diastolic": 82},
            "bp_after": {"systolic": 141, "diastolic": 90},
        }
    ]


def test_every_part_is_optional(run: Run) -> None:
    assert run("session", "add", "2026-01-05", "--kind", "a").exit_code == 0
    assert run("session", "add", "2026-01-06", "--kind", "b", "--nausea", "0").exit_code == 0
    assert run("session", "add", "2026-01-07", "--kind", "c", "--bp-after", "60/30").exit_code == 0
    assert _felt(run) == [
        NOTHING,
        {**NOTHING, "nausea": 0},
        {**NOTHING, "bp_after": {"systolic": 60, "diastolic": 30}},  # the lowest accepted
    ]


def test_edit_sets_and_empty_values_remove(run: Run) -> None:
    run("session", "add", "2026-01-05", "--kind", "ketamine-iv", *FELT)
    assert run("session", "edit", "1", "--nausea", "3", "--bp-after", "260/160").exit_code == 0
    assert _felt(run) == [
        {
            "dissociation": 2,
            "nausea": 3,
            "bp_before": {"systolic": 128, "diastolic": 82},
            "bp_after": {"systolic": 260, "diastolic": 160},  # the highest accepted
        }
    ]
    result = run("session", "edit", "1", "--dissociation", "", "--bp-before", " ")
    assert result.exit_code == 0, result.output
    assert _felt(run) == [{**NOTHING, "nausea": 3, "bp_after": {"systolic": 260, "diastolic": 160}}]
    assert run("session", "edit", "1", "--nausea", "", "--bp-after", "").exit_code == 0
    assert _felt(run) == [NOTHING]
    [session] = json.loads(run("session", "list", "--json").stdout)
    assert session["kind"] == "ketamine-iv"  # the rest of the session is untouched


def test_list_shows_a_felt_column_only_when_recorded(run: Run) -> None:
    run("session", "add", "2026-01-05", "--kind", "ketamine-iv", "--dose", "0.5", "--unit", "mg/kg")
    plain = run("session", "list").stdout
    assert "Felt" not in plain and "dissociation" not in plain
    run("session", "add", "2026-01-08", "--kind", "ketamine-iv", *FELT, "--note", "floaty")
    run("session", "add", "2026-01-12", "--kind", "other", "--bp-after", "135/85")
    table = run("session", "list").stdout  # 100 columns (conftest)
    lines = table.splitlines()
    assert "Felt" in lines[1]
    assert any("D2 N1 BP 128/82 → 141/90" in line for line in lines)
    assert any("BP – → 135/85" in line for line in lines)
    assert "Felt: D dissociation, N nausea (self-rated, 0–3); BP before → after (mmHg)." in table


@pytest.mark.parametrize("width", [80, 120])
def test_list_fits_the_terminal(run: Run, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    run("session", "add", "2026-01-08", "--kind", "esketamine-nasal", *FELT)
    monkeypatch.setenv("COLUMNS", str(width))
    table = run("session", "list").stdout
    assert max(len(line) for line in table.splitlines()) <= width
    cells = " ".join(table.split())  # the Felt cell wraps at 80 columns
    assert "esketamine-nasal D2 N1 BP 128/82 → 141/90 Felt:" in cells


BAD = [
    (["--dissociation", "4"], "--dissociation '4' is not accepted: " + "{levels}"),
    (["--dissociation", "-1"], "--dissociation '-1' is not accepted: " + "{levels}"),
    (["--nausea", "x"], "--nausea 'x' is not accepted: " + "{levels}"),
    (["--nausea", "1.5"], "--nausea '1.5' is not accepted: " + "{levels}"),
    (["--bp-before", "300/90"], "--bp-before '300/90' is out of range: {ranges}"),
    (["--bp-after", "120/20"], "--bp-after '120/20' is out of range: {ranges}"),
    (
        ["--bp-before", "80/120"],
        "--bp-before '80/120' has the systolic pressure (first) not above the diastolic "
        "(second): write systolic/diastolic, e.g. 128/82.",
    ),
    (
        ["--bp-after", "90/90"],
        "--bp-after '90/90' has the systolic pressure (first) not above the diastolic "
        "(second): write systolic/diastolic, e.g. 128/82.",
    ),
    (["--bp-before", "12x/80"], "--bp-before '12x/80' {shape}"),
    (["--bp-before", "120/80/1"], "--bp-before '120/80/1' {shape}"),
    (["--bp-before", "120"], "--bp-before '120' {shape}"),
    (["--bp-after", "120-80"], "--bp-after '120-80' {shape}"),
    (["--bp-after", "١٢٠/80"], "--bp-after '١٢٠/80' {shape}"),  # Arabic-Indic digits
]
WORDS = {
    "levels": "give 0 (none), 1 (mild), 2 (moderate) or 3 (severe).",
    "ranges": "the systolic pressure is 60 to 260 mmHg and the diastolic 30 to 160.",
    "shape": "is not a blood pressure: write systolic/diastolic in mmHg, e.g. 128/82.",
}


@pytest.mark.parametrize("command", ["add", "edit"])
@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_values_are_refused_and_change_nothing(
    run: Run, db_path: Path, command: str, args: list[str], message: str
) -> None:
    assert run("session", "add", "2026-01-05", "--kind", "ketamine-iv", *FELT).exit_code == 0
    before = snapshot(db_path)
    target = ["add", "--kind", "ketamine-iv"] if command == "add" else ["edit", "1"]
    result = run("session", *target, *args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message.format(**WORDS)}\n"
    assert "Traceback" not in result.output
    assert snapshot(db_path) == before


def test_nothing_to_change_names_the_new_options(run: Run, db_path: Path) -> None:
    run("session", "add", "2026-01-05", "--kind", "ketamine-iv")
    result = run("session", "edit", "1")
    assert result.exit_code == 2
    assert result.stderr.endswith("--dissociation, --nausea, --bp-before or --bp-after.\n")


# -- the optional questions ------------------------------------------------------


def test_questions_take_answers_skip_on_enter_and_ask_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = iter(["2", "", "128/8O", "80/120", " 128/82 ", ""])
    asked: list[str] = []

    def read_line(question: str) -> str:
        asked.append(question)
        return next(lines)

    columns = tolerability.ask(read_line)
    assert columns == {
        "dissociation": 2,
        "bp_before_systolic": 128,
        "bp_before_diastolic": 82,
    }  # nausea and the after reading skipped: not given, so nothing to store
    assert asked == [
        "Dissociation during the session, 0–3",
        "Nausea, 0–3",
        *["Blood pressure before, SYS/DIA mmHg"] * 3,  # two refused answers, asked again
        "Blood pressure after, SYS/DIA mmHg",
    ]
    out = capsys.readouterr().out
    assert "Blood pressure '128/8O' is not a blood pressure" in out
    assert "Blood pressure '80/120' has the systolic pressure (first) not above" in out


CTRL_C = b"\x03"


def _in_a_terminal(db: Path, args: list[str], talk: list[tuple[str, bytes]]) -> tuple[int, str]:
    """The real program on a pseudo-terminal (its controlling terminal, as in a shell):
    for each (question, keys) of ``talk``, wait until the question shows, then type."""
    import pty

    env = {**os.environ, "ANXLOG_DB": str(db), "COLUMNS": "80"}
    pid, controller = pty.fork()
    if pid == 0:  # the child: becomes the program, Ctrl-C interrupting it as in a shell
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execve(sys.executable, [sys.executable, "-m", "anxlog", *args], env)
    output = b""
    answered = 0  # where the output after the last keys starts
    pending = list(talk)
    interrupted = 0.0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if pending and pending[0][0].encode() in output[answered:]:
                keys = pending.pop(0)[1]
                os.write(controller, keys)
                answered = len(output)
                interrupted = time.monotonic() if keys == CTRL_C else 0.0
            elif interrupted and time.monotonic() - interrupted > 1:
                # Python's input() sees a Ctrl-C that came between the question and the
                # read only at the next one; a person presses it again, and so does this
                os.write(controller, CTRL_C)
                interrupted = time.monotonic()
            ready, _, _ = select.select([controller], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended == 0:  # still waiting for keys: stop it
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        os.close(controller)
    assert not pending, output.decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_session_add_in_a_terminal_asks_and_enter_skips(
    run: Run, blank_db: Path, db_path: Path
) -> None:
    assert run("session", "list").exit_code == 0  # the database exists
    talk = [
        ("Dissociation during the session, 0–3: ", b"3\n"),
        ("Nausea, 0–3: ", b"\n"),
        ("Blood pressure before, SYS/DIA mmHg: ", b"5\n"),
        ("e.g. 128/82.", b"\n"),  # refused, asked again: Enter skips it
        ("Blood pressure after, SYS/DIA mmHg: ", b"141/90\n"),
    ]
    code, output = _in_a_terminal(
        db_path, ["session", "add", "2026-01-05", "--kind", "ketamine-iv"], talk
    )
    assert code == 0, output
    assert "How did the session feel? Optional: press Enter to skip a question." in output
    assert "Blood pressure '5' is not a blood pressure" in output
    assert "Saved session 1" in output
    assert _felt(run) == [
        {**NOTHING, "dissociation": 3, "bp_after": {"systolic": 141, "diastolic": 90}}
    ]


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_session_add_in_a_terminal_with_an_option_asks_nothing(run: Run, db_path: Path) -> None:
    code, output = _in_a_terminal(
        db_path, ["session", "add", "2026-01-05", "--kind", "ketamine-iv", "--nausea", "1"], []
    )
    assert code == 0, output
    assert "How did the session feel?" not in output
    assert _felt(run) == [{**NOTHING, "nausea": 1}]


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_ctrl_c_at_a_question_saves_nothing(run: Run, blank_db: Path, db_path: Path) -> None:
    assert run("session", "list").exit_code == 0
    before = snapshot(db_path)
    talk = [("Dissociation during the session, 0–3: ", b"2\n"), ("Nausea, 0–3: ", CTRL_C)]
    code, output = _in_a_terminal(
        db_path, ["session", "add", "2026-01-05", "--kind", "ketamine-iv"], talk
    )
    assert code == 130, output
    assert "Cancelled: nothing was saved." in output
    assert snapshot(db_path) == before


# -- the parsers, over many inputs -----------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    systolic=st.integers(-10, 400),
    diastolic=st.integers(-10, 400),
    spaced=st.booleans(),
    zeros=st.integers(0, 2),
)
def test_blood_pressure_accepts_exactly_the_plausible_readings(
    systolic: int, diastolic: int, spaced: bool, zeros: int
) -> None:
    gap = " " if spaced else ""
    text = f"{gap}{'0' * zeros}{systolic}{gap}/{gap}{diastolic}{gap}"
    plausible = 60 <= systolic <= 260 and 30 <= diastolic <= 160 and systolic > diastolic
    try:
        reading = options.blood_pressure(text, "--bp-before")
    except InputError as error:
        assert not plausible, error.message
        assert error.message.startswith(f"--bp-before {text!r} ")
        return
    assert plausible and reading == BloodPressure(systolic, diastolic)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=12))
def test_any_text_is_a_reading_or_one_sentence(text: str) -> None:
    for parse in (options.blood_pressure, options.level):
        try:
            parse(text, "--x")
        except InputError as error:
            assert "\n" not in error.message and error.message.endswith(".")
