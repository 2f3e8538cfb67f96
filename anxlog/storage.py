"""The SQLite file: where it lives, how it is opened safely, schema, queries.

Only this module talks SQL. It never imports the CLI framework; every failure
leaves as an ``AnxlogError`` with a sentence a person can act on.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import dates
from .errors import DatabaseError, InputError, NotFoundError
from .instrument import ITEM_KEYS, total
from .records import Rating, Session

if TYPE_CHECKING:
    from sqlite_utils import Database

ENV_VAR = "ANXLOG_DB"
BUSY_TIMEOUT_SECONDS = 10.0  # the default; $ANXLOG_BUSY_TIMEOUT overrides it
BUSY_TIMEOUT_ENV = "ANXLOG_BUSY_TIMEOUT"
SQLITE_HEADER = b"SQLite format 3\x00"
# How many migrations this release has (anxlog/migrations.py; a test keeps them in step).
# Checked with plain sqlite3 so that the quick path imports sqlite-utils only to migrate.
SCHEMA_VERSION = 2
MIGRATION_SET = "anxlog"


def default_path() -> Path:
    """The platform's user data dir for anxlog (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("anxlog", appauthor=False)) / "anxlog.db"


def resolve_path(cli_path: str | None) -> Path:
    """``--db`` first, then ``$ANXLOG_DB``, then the platform's data dir."""
    chosen = cli_path or os.environ.get(ENV_VAR) or None
    return Path(chosen).expanduser() if chosen else default_path()


def _is_read_only(path: Path) -> bool:
    # root can write through a 0444 mode, so the owner's write bit is checked too
    return not os.access(path, os.W_OK) or not (path.stat().st_mode & stat.S_IWUSR)


def _prepare_file(path: Path) -> bool:
    """Check the file, creating it 0600 (and its directory 0700) when missing.

    Returns True when the file was created now.
    """
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory: --db takes the path of a database file.")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise DatabaseError(f"Cannot read {path}: {error.strerror}.") from None
        if not header:
            raise DatabaseError(
                f"{path} is an empty file, not an anxlog database: give another --db path."
            )
        if header != SQLITE_HEADER:
            raise DatabaseError(
                f"{path} is not an SQLite database (or is damaged): "
                "give the path of an anxlog database, or a new file name."
            )
        return False
    parent = path.parent
    if not parent.exists():
        try:
            parent.mkdir(mode=0o700, parents=True)
        except OSError as error:
            raise DatabaseError(f"Cannot create the folder {parent}: {error.strerror}.") from None
    elif not parent.is_dir():
        raise DatabaseError(f"{parent} is not a folder, so {path} cannot be created there.")
    try:
        # created 0600 before SQLite opens it, so its -wal and -shm get 0600 too
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as error:
        raise DatabaseError(f"Cannot create {path}: {error.strerror}.") from None
    os.close(descriptor)
    os.chmod(path, 0o600)
    return True


def busy_timeout() -> float:
    """Seconds to wait for another writer: $ANXLOG_BUSY_TIMEOUT, else the default (also if bad)."""
    try:
        seconds = float(os.environ.get(BUSY_TIMEOUT_ENV, ""))
    except ValueError:
        return BUSY_TIMEOUT_SECONDS
    # nan, negative or absurd (over a day) values are typos, not wishes
    return seconds if 0 <= seconds <= 86_400 else BUSY_TIMEOUT_SECONDS


def describe_sqlite_error(path: Path, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program; try again in a moment."
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only: anxlog cannot save to it."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged or not an anxlog database ({text})."
    if "disk" in text and "full" in text:
        return f"The disk holding {path} is full; nothing was saved."
    return f"The database {path} could not be used: {text}."


@dataclass(frozen=True)
class RatingInput:
    instrument: str
    day: date
    taken_at: str
    answers: tuple[int, ...]
    difficulty: int | None = None
    note: str | None = None


class Store:
    """An open anxlog database."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The same connection seen through sqlite-utils (migrations, introspection)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, write: bool = True) -> Store:
        created = _prepare_file(path)
        read_only = not created and _is_read_only(path)
        if read_only and write:
            raise DatabaseError(f"{path} is read-only: anxlog cannot save to it.")
        try:
            # isolation_level=None: no hidden BEGINs; every write is an explicit transaction
            if read_only:
                conn = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=busy_timeout(),
                    isolation_level=None,
                )
            else:
                conn = sqlite3.connect(str(path), timeout=busy_timeout(), isolation_level=None)
            conn.row_factory = sqlite3.Row
            store = cls(conn, path, read_only)
            store._configure()
            store._migrate(created)
        except sqlite3.Error as error:
            raise DatabaseError(describe_sqlite_error(path, error)) from None
        return store

    def _configure(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")  # per connection, never stored in the file
        if not self.read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # a diary entry survives a power cut

    def _table_names(self) -> set[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row[0] for row in rows}

    def schema_version(self) -> list[str]:
        """Names of the anxlog migrations applied to this file, in order."""
        if "_sqlite_migrations" not in self._table_names():
            return []
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
        return [row[0] for row in rows]

    def _migrate(self, created: bool) -> None:
        tables = self._table_names()
        if not created and tables and "ratings" not in tables:
            raise DatabaseError(
                f"{self.path} is an SQLite database but not an anxlog one: give another --db path."
            )
        if len(self.schema_version()) >= SCHEMA_VERSION:
            return
        if self.read_only:
            raise DatabaseError(
                f"{self.path} was written by an older anxlog and needs upgrading, "
                "but it is read-only."
            )
        from .migrations import migrations

        with self.transaction():
            migrations.apply(self.db)

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken IMMEDIATE so concurrent writers queue
        on the busy timeout instead of failing on a lock upgrade."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- ratings -------------------------------------------------------------

    def add_rating(self, rating: RatingInput) -> Rating:
        row: dict[str, Any] = {
            "uid": str(uuid.uuid4()),
            "instrument": rating.instrument,
            "day": rating.day.isoformat(),
            "taken_at": rating.taken_at,
            "recorded_at": dates.now_instant(),
            **dict(zip(ITEM_KEYS, rating.answers, strict=True)),
            "difficulty": rating.difficulty,
            "total": total(rating.answers),
            "note": rating.note,
        }
        with self.transaction():
            rowid = self._insert("ratings", row)
        return self.rating(rowid)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.conn.execute(sql, params)]

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def rating(self, rating_id: int) -> Rating:
        rows = list(self._rows("SELECT * FROM ratings WHERE id = ?", [rating_id]))
        if not rows:
            raise NotFoundError(f"No rating has id {rating_id}: 'anxlog history' lists the ids.")
        return Rating.from_row(rows[0])

    def ratings(
        self,
        *,
        instrument: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[Rating]:
        """Ratings in time order; with ``limit``, the most recent ones."""
        where, params = _range_filter(since, until)
        if instrument is not None:
            where.append("instrument = ?")
            params.append(instrument)
        sql = "SELECT * FROM ratings"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY day DESC, taken_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = [Rating.from_row(row) for row in self._rows(sql, params)]
        rows.reverse()
        return rows

    def day_totals(
        self,
        instrument: str,
        *,
        since: date | None = None,
        until: date | None = None,
        item: str | None = None,
    ) -> list[tuple[date, float]]:
        """(day, total) of every rating, or (day, answer) of one item: the analysis input."""
        column = item if item in ITEM_KEYS else "total"
        where, params = _range_filter(since, until)
        where.append("instrument = ?")
        params.append(instrument)
        sql = f"SELECT day, {column} FROM ratings WHERE {' AND '.join(where)} ORDER BY day"
        return [
            (date.fromisoformat(day), float(value)) for day, value in self.conn.execute(sql, params)
        ]

    def ratings_on(self, instrument: str, day: date) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM ratings WHERE instrument = ? AND day = ?",
            [instrument, day.isoformat()],
        ).fetchone()
        return int(row[0])

    def previous_rating(self, rating: Rating) -> Rating | None:
        """The rating of the same instrument just before this one in time."""
        rows = list(
            self._rows(
                "SELECT * FROM ratings WHERE instrument = ? AND id != ? "
                "AND (day < ? OR (day = ? AND (taken_at < ? OR (taken_at = ? AND id < ?)))) "
                "ORDER BY day DESC, taken_at DESC, id DESC LIMIT 1",
                [
                    rating.instrument,
                    rating.id,
                    rating.day.isoformat(),
                    rating.day.isoformat(),
                    rating.taken_at,
                    rating.taken_at,
                    rating.id,
                ],
            )
        )
        return Rating.from_row(rows[0]) if rows else None

    def update_rating(self, rating_id: int, changes: dict[str, Any]) -> Rating:
        """Apply column changes (answers as q1..q7) and recompute the total."""
        current = self.rating(rating_id)
        if not changes:
            return current
        answers = [
            changes.get(key, old) for key, old in zip(ITEM_KEYS, current.answers, strict=True)
        ]
        changes = {**changes, "total": total(answers)}
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self.transaction():
            self.conn.execute(
                f"UPDATE ratings SET {assignments} WHERE id = ?", [*changes.values(), rating_id]
            )
        return self.rating(rating_id)

    def delete_rating(self, rating_id: int) -> None:
        self.rating(rating_id)
        with self.transaction():
            self.conn.execute("DELETE FROM ratings WHERE id = ?", [rating_id])

    # -- sessions ------------------------------------------------------------

    def add_session(self, values: dict[str, Any]) -> Session:
        row = {"uid": str(uuid.uuid4()), **values}
        with self.transaction():
            rowid = self._insert("sessions", row)
        return self.session(rowid)

    def session(self, session_id: int) -> Session:
        rows = list(self._rows("SELECT * FROM sessions WHERE id = ?", [session_id]))
        if not rows:
            raise NotFoundError(
                f"No session has id {session_id}: 'anxlog session list' lists the ids."
            )
        return Session.from_row(rows[0])

    def sessions(self, *, since: date | None = None, until: date | None = None) -> list[Session]:
        """Sessions in treatment order: by day, then time (untimed first), then id."""
        where, params = _range_filter(since, until)
        sql = "SELECT * FROM sessions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY day, time IS NOT NULL, time, id"
        return [Session.from_row(row) for row in self._rows(sql, params)]

    def session_numbers(self) -> dict[int, int]:
        """Each session's id -> its 1-based place in the whole treatment history."""
        return {session.id: number for number, session in enumerate(self.sessions(), 1)}

    def update_session(self, session_id: int, changes: dict[str, Any]) -> Session:
        self.session(session_id)
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            with self.transaction():
                self.conn.execute(
                    f"UPDATE sessions SET {assignments} WHERE id = ?",
                    [*changes.values(), session_id],
                )
        return self.session(session_id)

    def delete_session(self, session_id: int) -> None:
        self.session(session_id)
        with self.transaction():
            self.conn.execute("DELETE FROM sessions WHERE id = ?", [session_id])

    # -- settings and bulk import ------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def meta_default(self, key: str, make: Callable[[], str]) -> str:
        """The stored value of ``key``, storing ``make()`` first when there is none."""
        value = self.meta(key)
        if value is None:
            with self.transaction():
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, make()]
                )
            value = self.meta(key)
            assert value is not None
        return value

    def existing_uids(self, table: str, uids: Sequence[str]) -> set[str]:
        assert table in ("ratings", "sessions")
        found: set[str] = set()
        chunk = 500
        for start in range(0, len(uids), chunk):
            part = list(uids[start : start + chunk])
            marks = ", ".join("?" for _ in part)
            found.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT uid FROM {table} WHERE uid IN ({marks})", part
                )
            )
        return found

    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> int:
        """Insert complete rows (uid included) in ONE transaction: all or nothing."""
        assert table in ("ratings", "sessions")
        if not rows:
            return 0
        columns = list(dict.fromkeys(column for row in rows for column in row))
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        with self.transaction():
            self.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])
        return len(rows)

    # -- maintenance: anxlog check and anxlog backup -------------------------------

    @classmethod
    def open_as_is(cls, path: Path) -> Store:
        """An existing database, opened without migrating and unable to write, so that
        check and backup see the file exactly as it is (read-only files included)."""
        if not path.exists():
            raise DatabaseError(f"There is no database at {path}: 'anxlog where' shows the path.")
        _prepare_file(path)  # a directory, an empty file, not SQLite: one sentence each
        read_only = _is_read_only(path)
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path),
                uri=read_only,
                timeout=busy_timeout(),
                isolation_level=None,
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")
            conn.execute("PRAGMA query_only = ON")  # no write, even to a writable file
            store = cls(conn, path, read_only=True)
            tables = store._table_names()
        except sqlite3.Error as error:
            raise DatabaseError(describe_sqlite_error(path, error)) from None
        if "ratings" not in tables:
            conn.close()
            raise DatabaseError(f"{path} is an SQLite database but not an anxlog one.")
        return store

    def check(self) -> CheckReport:
        """SQLite's own integrity and foreign key checks, and the migrations applied."""
        conn = self.conn
        try:
            # problems come back as one row of several lines
            integrity = [
                line
                for row in conn.execute("PRAGMA integrity_check")
                for line in row[0].split("\n")
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
            applied = self.schema_version()
        except sqlite3.DatabaseError:
            applied = []  # unreadable: integrity_check says why
        return CheckReport(integrity, dangling, applied, known_migrations())

    def backup(self, target: Path, *, force: bool = False) -> None:
        """Copy the database to ``target`` (0600) through SQLite's online backup API.

        One read transaction covers the whole copy, so it is a consistent snapshot even
        while another process writes (WAL). Like files.write_atomic, the copy goes to a
        temp file in the target folder that is renamed into place only when complete.
        """
        from .files import PRIVATE, check_target

        check_target(target, force=force)
        if target.resolve() == self.path.resolve():
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
                self.conn.backup(copy)
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


def _range_filter(since: date | None, until: date | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("day >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("day <= ?")
        params.append(until.isoformat())
    return where, params


def session_order(sessions: Sequence[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.day, s.time is not None, s.time or "", s.id))


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
