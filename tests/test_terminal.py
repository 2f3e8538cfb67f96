"""The installed program in a real pseudo-terminal: one keypress per item, Ctrl-C."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


def _read_until(fd: int, needle: str, seconds: float = 20.0) -> str:
    seen = ""
    deadline = time.monotonic() + seconds
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"never saw {needle!r}; got:\n{seen}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk.decode("utf-8", "replace")
    return seen


def _controlling_terminal() -> None:
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _spawn(db: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    leader, follower = pty.openpty()
    env = {**os.environ, "ANXLOG_DB": str(db), "COLUMNS": "80"}
    process = subprocess.Popen(
        [sys.executable, "-m", "anxlog", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        preexec_fn=_controlling_terminal,  # so Ctrl-C becomes SIGINT, as for a person
    )
    os.close(follower)
    return process, leader


def _history(db: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "anxlog", "--db", str(db), "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    ratings: list[dict[str, Any]] = json.loads(out.stdout)
    return ratings


def test_interactive_rating_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    process, fd = _spawn(db, "rate")
    screen = _read_until(fd, "1/7")
    assert "Today (the last 24 hours)" in screen
    for key in "2x9":  # 'x' and '9' are asked again without moving on
        os.write(fd, key.encode())
    screen = _read_until(fd, "2/7")
    for key in "110210":
        os.write(fd, key.encode())
        time.sleep(0.05)
    _read_until(fd, "Enter: go on to the note")
    os.write(fd, b"\r")
    _read_until(fd, "Note")
    os.write(fd, b"calm evening\r")
    screen = _read_until(fd, "Daily total")
    assert process.wait(timeout=20) == 0
    os.close(fd)
    [row] = _history(db)
    assert row["answers"] == [2, 1, 1, 0, 2, 1, 0]
    assert row["note"] == "calm evening"


@pytest.mark.parametrize(
    ("burst", "answers", "note"),
    [
        # answers, Enter to keep them, Enter for no note: nothing typed ahead is lost
        (b"1210211\r\r", [1, 2, 1, 0, 2, 1, 1], None),
        # the note typed ahead with the answers, a typo fixed with Backspace
        (b"1210211\rcalmx\x7f\r", [1, 2, 1, 0, 2, 1, 1], "calm"),
        # Backspace on items 3 and 7, inside the burst
        (b"12\x7f31021\x7f11\r\r", [1, 3, 1, 0, 2, 1, 1], None),
    ],
)
def test_keys_typed_ahead_in_one_burst(
    tmp_path: Path, burst: bytes, answers: list[int], note: str | None
) -> None:
    db = tmp_path / "a.db"
    process, fd = _spawn(db, "rate")
    _read_until(fd, "1/7")
    os.write(fd, burst)  # all at once, as a fast typist or a paste delivers them
    _read_until(fd, "Daily total")
    assert process.wait(timeout=20) == 0
    os.close(fd)
    [row] = _history(db)
    assert row["answers"] == answers
    assert row["note"] == note


def test_ctrl_c_in_a_real_terminal_saves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    process, fd = _spawn(db, "rate")
    _read_until(fd, "1/7")
    os.write(fd, b"12")
    _read_until(fd, "3/7")
    os.write(fd, b"\x03")
    code = process.wait(timeout=20)
    rest = _read_until(fd, "nothing was saved", seconds=5)
    os.close(fd)
    assert code == 130
    assert "Cancelled: nothing was saved." in rest
    assert "Error" not in rest and "Traceback" not in rest
    assert not db.exists() or _history(db) == []


def test_ctrl_c_at_a_question_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    subprocess.run(
        [sys.executable, "-m", "anxlog", "--db", str(db), "rate", *"1111111"],
        capture_output=True,
        check=True,
    )
    process, fd = _spawn(db, "rm", "--last")
    _read_until(fd, "[y/N]")
    time.sleep(0.3)  # the question is printed just before the answer is read
    os.write(fd, b"\x03")
    code = process.wait(timeout=20)
    rest = _read_until(fd, "nothing was changed", seconds=5)
    os.close(fd)
    assert code == 130
    assert "Error" not in rest and "Traceback" not in rest
    assert len(_history(db)) == 1
