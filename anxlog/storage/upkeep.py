"""Looking after the file: ``anxlog check`` and ``anxlog backup``."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatabaseError, InputError
from .store import Store


@dataclass(frozen=True)
class CheckReport:
    """What ``anxlog check`` found: SQLite's answers and the migration record."""

    integrity: list[str]  # PRAGMA integrity_check: ["ok"] when the file is sound
    foreign_keys: list[str]  # PRAGMA foreign_key_check: one line per dangling reference
    applied: list[str]  # migrations recorded in the file, in order
    expected: list[str]  # migrations this release has

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys and self.applied == self.expected


def known_migrations() -> list[str]:
    """Names of this release's migrations, in order."""
    from sqlite_utils import Database

    from .migrations import migrations

    return [migration.name for migration in migrations.pending(Database(memory=True))]


def check(store: Store) -> CheckReport:
    """SQLite's own integrity and foreign key checks, and the migrations applied."""
    conn = store.conn
    try:
        # problems come back as one row of several lines
        integrity = [
            line for row in conn.execute("PRAGMA integrity_check") for line in row[0].split("\n")
        ]
    except sqlite3.DatabaseError as error:  # damage bad enough to stop the check itself
        integrity = [str(error)]
    try:
        dangling = [
            f"{table} row {rowid} refers to a missing row of {parent}"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
        ]
    except sqlite3.DatabaseError as error:
        dangling = [str(error)]
    try:
        applied = store.schema_version()
    except sqlite3.DatabaseError:
        applied = []  # unreadable: integrity_check says why
    return CheckReport(integrity, dangling, applied, known_migrations())


def backup(store: Store, target: Path, *, force: bool = False) -> None:
    """Copy the database to ``target`` (0600) through SQLite's online backup API.

    One read transaction covers the whole copy, so it is a consistent snapshot even
    while another process writes (WAL). Like files.write_atomic, the copy goes to a
    temp file in the target folder that is renamed into place only when complete.
    """
    from ..files import PRIVATE, check_target

    check_target(target, force=force)
    if target.resolve() == store.path.resolve():
        raise InputError(f"{target} is the database itself: choose another backup file.")
    if target.exists() and not target.is_file():  # a device or a pipe, even with --force
        raise InputError(f"{target} is not a regular file: choose a file name for the backup.")
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise DatabaseError(f"Cannot write the backup {target}: {error.strerror}.") from None
    os.close(descriptor)
    try:
        copy = sqlite3.connect(temp_name, isolation_level=None)
        try:
            store.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        os.chmod(temp_name, PRIVATE)
        if not force and target.exists():
            raise InputError(f"{target} already exists: add --force to replace it.")
        for suffix in ("-wal", "-shm", "-journal"):
            # a journal left by the replaced file would be replayed into the copy
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{target}{suffix}")
        os.replace(temp_name, target)
    except BaseException as error:
        for leftover in (temp_name, f"{temp_name}-journal", f"{temp_name}-wal"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        if isinstance(error, sqlite3.Error | OSError):
            why = getattr(error, "strerror", None) or error
            raise DatabaseError(f"Cannot write the backup {target}: {why}.") from None
        raise
