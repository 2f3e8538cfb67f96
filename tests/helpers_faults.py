"""Shared by the hardening tests: the real CLI in a real process, generated histories,
a lock held by another process, and the one-line error every failure must give."""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from anxlog.storage import Store

SEVEN = ["1", "2", "1", "0", "2", "1", "1"]


def anxlog(
    db: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m anxlog --db DB ARGS`` in a fresh process: what a person's shell runs."""
    return subprocess.run(
        [sys.executable, "-m", "anxlog", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# The real console entry point, after the test's own setup code (argv[1]): an audit hook
# that records sockets, or a tracer that marks or stops the run at one SQL statement.
INSTRUMENTED = """
import sys
setup = sys.argv[1]
sys.argv = ["anxlog", *sys.argv[2:]]
exec(setup)
from anxlog.cli import main
main()
"""

# Setup code: calls ``on_sql(sql)`` (defined by the code that follows it) for every SQL
# statement anxlog's connections run, as each starts (sqlite3's trace callback).
TRACE_SQL = """
import sqlite3
_connect = sqlite3.connect
def _traced_connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.set_trace_callback(lambda sql: on_sql(sql))
    return conn
sqlite3.connect = _traced_connect
"""


def instrumented(setup: str, db: Path, *args: str) -> list[str]:
    """The command line of ``anxlog --db DB ARGS`` run after ``setup`` in a fresh process."""
    return [sys.executable, "-c", INSTRUMENTED, setup, "--db", str(db), *args]


def wait_for_file(path: Path, process: subprocess.Popen[Any], seconds: float = 60) -> None:
    """Until ``path`` exists: the process's sign that it got there. Fails, rather than
    waits on, a process that ended first."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, f"the process ended ({process.returncode}) before {path}"
        assert time.monotonic() < deadline, f"no {path} after {seconds} s"
        time.sleep(0.01)


def error_line(stderr: str, stdout: str = "") -> str:
    """stderr, asserted to be exactly one 'Error: …' line and no traceback."""
    assert "Traceback" not in stderr + stdout, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: "), stderr
    return lines[0]


def rating_rows(
    count: int, *, first: date = date(1990, 1, 1), tag: str = "r"
) -> list[dict[str, Any]]:
    """``count`` daily ratings, one a day from ``first``, as the database stores them."""
    rows = []
    for number in range(count):
        day = (first + timedelta(days=number)).isoformat()
        answers = [(number + item) % 4 for item in range(7)]
        rows.append(
            {
                "uid": f"{tag}-{number:06d}",
                "instrument": "daily",
                "day": day,
                "taken_at": f"{day}T09:00:00+01:00",
                "recorded_at": f"{day}T09:01:00+01:00",
                **{f"q{item}": answer for item, answer in enumerate(answers, 1)},
                "total": sum(answers),
                "note": f"note {number}, with a comma" if number % 3 else None,
            }
        )
    return rows


def make_db(path: Path, ratings: int = 3) -> Path:
    """A real anxlog database (created by Store.open) holding ``ratings`` ratings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    try:
        store.insert_rows("ratings", rating_rows(ratings))
    finally:
        store.close()
    return path


def damaged_rows(path: Path) -> Path:
    """A database whose schema and migrations read fine but whose last pages (the rows of
    400 ratings, written after the tables) are noise: it opens, then a read fails."""
    make_db(path, ratings=400)
    data = bytearray(path.read_bytes())
    page = 4096  # SQLite's default page size
    pages = len(data) // page
    first_damaged = pages - pages // 4
    data[first_damaged * page :] = random.Random(20261202).randbytes((pages - first_damaged) * page)
    path.write_bytes(bytes(data))
    return path


def count_rows(path: Path, table: str = "ratings") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
conn.execute("ROLLBACK")
"""


@contextlib.contextmanager
def locked_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds ``BEGIN EXCLUSIVE`` on the database for the whole block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        try:
            holder.wait(timeout=10)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()
