"""Several processes on one database at the same time: nothing lost, nothing locked out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import Run
from helpers_faults import SEVEN, count_rows, integrity, make_db, wait_for_file

# Each writer imports anxlog once, waits for "go" on stdin so that both start together,
# then runs the real CLI once per rating: every call opens and closes its own connection.
WRITER = """
import sys
from anxlog.cli import app

db, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
failed = 0
for number in range(count):
    args = ["--db", db, "rate", *sys.argv[4:], "--date", "2025-06-01", "--note", f"{tag}-{number}"]
    failed += app(args, standalone_mode=False) != 0
sys.exit(1 if failed else 0)
"""


def _start_writer(db: Path, tag: str, count: int) -> subprocess.Popen[str]:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), tag, str(count), *SEVEN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    return writer


def _go(*writers: subprocess.Popen[str]) -> None:
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()


def _finish(writer: subprocess.Popen[str]) -> str:
    try:
        _, stderr = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    return stderr


def _notes(db: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return sorted(row[0] for row in conn.execute("SELECT note FROM ratings"))
    finally:
        conn.close()


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    make_db(db_path, ratings=0)
    writers = [_start_writer(db_path, tag, 200) for tag in ("left", "right")]
    _go(*writers)
    errors = [_finish(writer) for writer in writers]
    for writer, stderr in zip(writers, errors, strict=True):
        assert "locked" not in stderr
        assert "Error" not in stderr
        assert writer.returncode == 0, stderr
    assert count_rows(db_path) == 400
    expected = sorted(f"{tag}-{number}" for tag in ("left", "right") for number in range(200))
    assert _notes(db_path) == expected
    assert integrity(db_path) == ["ok"]


# Rates again and again, each time through the real CLI, until the stop file appears;
# after its 20th rating it makes the started file.
ENDLESS_WRITER = """
import os, sys
from anxlog.cli import app

db, started, stop = sys.argv[1:4]
number = 0
while not os.path.exists(stop):
    args = ["--db", db, "rate", *sys.argv[4:], "--date", "2025-06-01", "--note", f"busy-{number}"]
    if app(args, standalone_mode=False) != 0:
        sys.exit(1)
    number += 1
    if number == 20:
        open(started, "w").close()
"""


def test_a_backup_taken_while_another_process_writes_is_consistent(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    make_db(db_path, ratings=10)
    started, stop = tmp_path / "started", tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", ENDLESS_WRITER, str(db_path), str(started), str(stop), *SEVEN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_file(started, writer)
        copies = []
        for number in range(3):
            target = tmp_path / f"backup-{number}.db"
            before = count_rows(db_path)
            result = run("backup", str(target))
            after = count_rows(db_path)
            assert result.exit_code == 0, result.output
            copies.append((target, before, after))
        # the writer only stops when told: it was writing through every backup
        assert writer.poll() is None
    finally:
        stop.touch()
        stderr = _finish(writer)
    assert writer.returncode == 0, stderr
    for target, before, after in copies:
        assert integrity(target) == ["ok"]
        assert before <= count_rows(target) <= after
    # a backup is a working anxlog database on its own
    shutil.copyfile(copies[-1][0], tmp_path / "restored.db")
    assert run("check", "--db", str(tmp_path / "restored.db")).exit_code == 0
    assert os.stat(copies[-1][0]).st_mode & 0o777 == 0o600


def _rate_at_once(db: Path, *, programs: int) -> None:
    """Start ``programs`` separate `anxlog rate` processes together; all must succeed."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "anxlog", "--db", str(db), "rate", *"1111111"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(programs)
    ]
    results = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0] * programs, results


def test_programs_starting_at_once_on_a_new_database_all_succeed(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    """The new file is built under a temporary name and linked into place whole, so no
    program sees a half-made or empty database (this used to fail 8 times in 8)."""
    db = tmp_path / "new" / "anxlog.db"
    _rate_at_once(db, programs=4)
    listed = subprocess.run(
        [sys.executable, "-m", "anxlog", "--db", str(db), "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.count('"uid"') == 4
    assert sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "anxlog.db"
    ]


def test_programs_starting_at_once_on_an_old_database_migrate_it_once(tmp_path: Path) -> None:
    """Each program sees the pending migrations, but they are applied under the write
    lock: the first applies them, the others find nothing left to do."""
    import sqlite3

    from anxlog.storage import known_migrations

    db = tmp_path / "old" / "anxlog.db"
    db.parent.mkdir()
    shutil.copyfile(Path(__file__).parent / "fixtures" / "anxlog-schema-1.db", db)
    before = count_rows(db, "ratings")
    _rate_at_once(db, programs=4)
    conn = sqlite3.connect(db)
    try:
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert applied == known_migrations()  # each once, in order
    assert count_rows(db, "ratings") == before + 4
    assert integrity(db) == ["ok"]
