"""anxlog backup and anxlog check on real files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import Run, snapshot
from helpers_faults import error_line, integrity, make_db

FIXTURE = Path(__file__).parent / "fixtures" / "anxlog-schema-1.db"


@pytest.fixture
def seeded(db_path: Path) -> Path:
    return make_db(db_path, ratings=40)


def _rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT * FROM ratings ORDER BY id").fetchall()
    finally:
        conn.close()


def _damage_a_ratings_page(path: Path) -> None:
    """Overwrite the last page, a leaf of the ratings table, keeping page 1 readable."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA journal_mode = DELETE")  # everything in the main file
    conn.close()
    data = bytearray(path.read_bytes())
    data[-page_size + 8 :] = b"\x07" * (page_size - 8)
    path.write_bytes(bytes(data))


# -- backup ---------------------------------------------------------------------


def test_backup_is_a_private_complete_copy(run: Run, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "backups" / "anxlog-copy.db"
    target.parent.mkdir()
    before = snapshot(seeded)
    result = run("backup", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Backed up {seeded} to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert integrity(target) == ["ok"]
    assert _rows(target) == _rows(seeded)
    assert snapshot(seeded) == before
    # nothing but the copy is left in the target folder (no temp file, no journal)
    assert [p.name for p in target.parent.iterdir()] == ["anxlog-copy.db"]


def test_backup_can_be_used_as_a_database(run: Run, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    assert run("backup", str(target)).exit_code == 0
    assert run("check", "--db", str(target)).exit_code == 0
    assert run("history", "--json", "--db", str(target)).stdout == run("history", "--json").stdout


def test_backup_refuses_to_overwrite_without_force(run: Run, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "existing.db"
    target.write_bytes(b"precious")
    result = run("backup", str(target))
    assert result.exit_code == 2
    assert (
        error_line(result.stderr) == f"Error: {target} already exists: add --force to replace it."
    )
    assert target.read_bytes() == b"precious"

    result = run("backup", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert _rows(target) == _rows(seeded)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_backup_force_drops_a_stale_journal_of_the_replaced_file(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    target = tmp_path / "old-backup.db"
    make_db(target, ratings=2)
    Path(f"{target}-wal").write_bytes(b"stale frames of the file being replaced")
    assert run("backup", str(target), "--force").exit_code == 0
    assert not Path(f"{target}-wal").exists()
    assert _rows(target) == _rows(seeded)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing-folder/copy.db", "does not exist: create it or choose another"),
        (".", "is a directory: give a file name to write"),
    ],
)
def test_backup_target_must_be_a_file_in_a_folder(
    run: Run, seeded: Path, tmp_path: Path, where: str, message: str
) -> None:
    result = run("backup", str(tmp_path / where))
    assert result.exit_code == 2
    assert message in error_line(result.stderr)


def test_backup_refuses_the_database_itself(run: Run, seeded: Path) -> None:
    before = snapshot(seeded)
    result = run("backup", str(seeded), "--force")
    assert result.exit_code == 2
    assert "is the database itself" in error_line(result.stderr)
    assert snapshot(seeded) == before


def test_backup_never_replaces_something_that_is_not_a_file(
    run: Run, seeded: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run("backup", str(pipe), "--force")
    assert result.exit_code == 2
    assert "is not a regular file" in error_line(result.stderr)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_backup_of_a_read_only_database(run: Run, seeded: Path, tmp_path: Path) -> None:
    before = snapshot(seeded)
    os.chmod(seeded, 0o444)
    try:
        result = run("backup", str(tmp_path / "copy.db"))
    finally:
        os.chmod(seeded, 0o600)
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "copy.db") == _rows(seeded)
    assert snapshot(seeded) == before


def test_backup_without_a_database_creates_nothing(run: Run, db_path: Path, tmp_path: Path) -> None:
    result = run("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 1
    assert f"There is no database at {db_path}" in error_line(result.stderr)
    assert not db_path.exists() and not (tmp_path / "copy.db").exists()


def test_backup_of_an_old_schema_keeps_it_old(run: Run, db_path: Path, tmp_path: Path) -> None:
    db_path.parent.mkdir(exist_ok=True)
    shutil.copyfile(FIXTURE, db_path)
    before = db_path.read_bytes()
    assert run("backup", str(tmp_path / "copy.db")).exit_code == 0
    assert db_path.read_bytes() == before  # not migrated on the way
    assert _rows(tmp_path / "copy.db") == _rows(db_path)


# -- check ----------------------------------------------------------------------


def test_check_passes_on_a_sound_database(run: Run, seeded: Path) -> None:
    before = snapshot(seeded)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Checked {seeded}",
        "  integrity:    ok",
        "  foreign keys: ok",
        "  schema:       version 4 of 4, up to date",
        "All checks passed.",
    ]
    assert result.stderr == ""
    assert snapshot(seeded) == before


def test_check_reports_damage_and_exits_1(run: Run, seeded: Path) -> None:
    _damage_a_ratings_page(seeded)
    damaged = seeded.read_bytes()
    result = run("check")
    assert result.exit_code == 1
    assert "  integrity:    " in result.stdout and "  integrity:    ok" not in result.stdout
    assert result.stdout.splitlines()[-1] == "Problems found."
    assert error_line(result.stderr) == f"Error: {seeded} failed the check: see the report above."
    assert seeded.read_bytes() == damaged


def test_check_works_on_a_read_only_database(run: Run, seeded: Path) -> None:
    before = snapshot(seeded)
    os.chmod(seeded, 0o444)
    try:
        result = run("check")
    finally:
        os.chmod(seeded, 0o600)
    assert result.exit_code == 0, result.output
    assert "All checks passed." in result.stdout
    assert snapshot(seeded) == before


def test_check_reports_an_old_schema_without_upgrading_it(run: Run, db_path: Path) -> None:
    db_path.parent.mkdir(exist_ok=True)
    shutil.copyfile(FIXTURE, db_path)
    result = run("check")
    assert result.exit_code == 1
    assert "  schema:       version 1 of 4: from an older anxlog" in result.stdout
    assert db_path.read_bytes() == FIXTURE.read_bytes()


def test_check_reports_a_newer_schema(run: Run, seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('anxlog', 'm099_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert "version 5 of 4: written by a newer anxlog (m099_future)" in result.stdout


def test_check_reports_dangling_foreign_keys(run: Run, seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("CREATE TABLE reminders (rating_id INTEGER REFERENCES ratings (id))")
    conn.execute("INSERT INTO reminders VALUES (9999)")
    conn.commit()
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert "  foreign keys: 1 problem" in result.stdout
    assert "reminders row 1 refers to a missing row of ratings" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is an empty file"), (b"SQLite format 3\x00" + b"\xff" * 4000, "is damaged")],
)
def test_check_of_an_unopenable_file_is_one_line(
    run: Run, db_path: Path, content: bytes, message: str
) -> None:
    db_path.parent.mkdir(exist_ok=True)
    db_path.write_bytes(content)
    result = run("check")
    assert result.exit_code == 1
    assert message in error_line(result.stderr)
    assert db_path.read_bytes() == content
