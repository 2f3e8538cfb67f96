"""The interactive check-in through the real CLI: Backspace, the review, the note read
from the same keys, Ctrl-C. Keys are fed as typed input (typer.getchar reads them one at
a time without a terminal); tests/test_terminal.py does the same in a real terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot

BACKSPACE = "\x7f"


def _rows(run: Run) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(run("history", "--json").stdout)
    return rows


@pytest.mark.parametrize("backspace", ["\x7f", "\x08"])  # DEL and ^H, as terminals send them
def test_backspace_goes_back_one_item(run: Run, backspace: str) -> None:
    # item 2 first answered 2, changed to 3; a Backspace on item 1 goes nowhere
    keys = backspace + "12" + backspace + "310021" + "\n" + "\n"
    result = run("rate", input=keys)
    assert result.exit_code == 0, result.output
    assert "2/7 Not being able to stop or control worrying (was 2): 3" in result.stdout
    [row] = _rows(run)
    assert row["answers"] == [1, 3, 1, 0, 0, 2, 1]


def test_the_review_shows_answers_and_total_and_backspace_changes_item_7(run: Run) -> None:
    keys = "1210211" + BACKSPACE + "3" + "\n" + "\n"
    result = run("rate", input=keys)
    assert result.exit_code == 0, result.output
    # 1+2+1+0+2+1+1 = 8, then item 7 becomes 3: 1+2+1+0+2+1+3 = 10
    assert "Answers: 1 2 1 0 2 1 1 · Daily total: 8/21 · mild (for orientation)" in result.stdout
    assert "Backspace: change item 7" in result.stdout
    assert "7/7 Feeling afraid as if something awful might happen (was 1): 3" in result.stdout
    assert "Answers: 1 2 1 0 2 1 3 · Daily total: 10/21 · moderate" in result.stdout
    [row] = _rows(run)
    assert row["answers"] == [1, 2, 1, 0, 2, 1, 3] and row["total"] == 10


def test_enter_saves_at_once_when_the_note_was_given(run: Run) -> None:
    result = run("rate", "--note", "given", input="1210211" + "\n")
    assert result.exit_code == 0, result.output
    assert "Enter: save · Backspace: change item 7" in result.stdout
    assert "Note (optional" not in result.stdout
    [row] = _rows(run)
    assert row["note"] == "given"


def test_keys_typed_ahead_reach_the_note(run: Run) -> None:
    # one burst: the answers, Enter for the review, the note with a typo fixed, Enter
    result = run("rate", input="1210211" + "\n" + "calmx" + BACKSPACE + "\n")
    assert result.exit_code == 0, result.output
    [row] = _rows(run)
    assert row["note"] == "calm"


def test_the_gad7_difficulty_item_is_a_step_like_the_others(run: Run) -> None:
    # at the difficulty item Backspace returns to item 7; then difficulty 3, review, note
    keys = "1111111" + BACKSPACE + "2" + "3" + "\n" + "\n"
    result = run("rate", "--gad7", input=keys)
    assert result.exit_code == 0, result.output
    assert "Backspace: change the difficulty item" in result.stdout
    [row] = _rows(run)
    assert row["answers"] == [1, 1, 1, 1, 1, 1, 2] and row["difficulty"] == 3


@pytest.mark.parametrize("keys", ["12\x03", "1210211\x03", "1210211\nnot saved\x03"])
def test_ctrl_c_anywhere_saves_nothing(run: Run, db_path: Path, keys: str) -> None:
    run("rate", "1", "1", "1", "1", "1", "1", "1")
    before = snapshot(db_path)
    result = run("rate", input=keys)
    assert result.exit_code == 130
    assert result.stderr == "Cancelled: nothing was saved.\n"
    assert snapshot(db_path) == before
