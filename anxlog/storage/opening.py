"""Opening the database file: creating it safely, the schema version, migrations,
and the write transaction every change goes through."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ..errors import DatabaseError
from .location import (
    busy_timeout,
    check_existing,
    describe_sqlite_error,
    is_read_only,
    link_into_place,
    new_private_file,
    no_database,
    private_folder,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

# How many migrations this release has (anxlog/migrations.py; a test keeps them in step).
# Checked with plain sqlite3 so that the quick path imports sqlite-utils only to migrate.
SCHEMA_VERSION = 4
MIGRATION_SET = "anxlog"


class OpenFile:
    """An open anxlog database file (the queries live in Store, its subclass)."""

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
    def open(cls, path: Path, *, write: bool = True, create: bool | None = None) -> Self:
        """Open (migrating as needed) the database at ``path``. A missing one is created
        when ``create`` (by default: when opened to write), and refused otherwise."""
        if not path.exists() and not path.is_symlink():
            if not (write if create is None else create):
                raise no_database(path)
            cls._create(path)
        check_existing(path)
        read_only = is_read_only(path)
        if read_only and write:
            raise DatabaseError(f"{path} is read-only: anxlog cannot save to it.")
        return cls._connect(path, read_only=read_only, migrate=True)

    @classmethod
    def open_as_is(cls, path: Path) -> Self:
        """An existing database, opened without migrating and unable to write, so that
        check and backup see the file exactly as it is (read-only files included)."""
        if not path.exists():
            raise no_database(path)
        check_existing(path)  # a directory, an empty file, not SQLite: one sentence each
        store = cls._connect(path, read_only=is_read_only(path), migrate=False, as_is=True)
        try:
            store.conn.execute("PRAGMA query_only = ON")  # no write, even to a writable file
            tables = store._table_names()
        except sqlite3.Error as error:
            store.close()
            raise DatabaseError(describe_sqlite_error(path, error)) from None
        if "ratings" not in tables:
            store.close()
            raise DatabaseError(f"{path} is an SQLite database but not an anxlog one.")
        return store

    @classmethod
    def _connect(cls, path: Path, *, read_only: bool, migrate: bool, as_is: bool = False) -> Self:
        conn: sqlite3.Connection | None = None
        try:
            # isolation_level=None: no hidden BEGINs; every write is an explicit transaction
            target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
            conn = sqlite3.connect(
                target, uri=read_only, timeout=busy_timeout(), isolation_level=None
            )
            store = cls(conn, path, read_only or as_is)
            store._configure()
            if migrate:
                store._migrate()
        except BaseException as error:
            if conn is not None:
                conn.close()
            if isinstance(error, sqlite3.Error):
                raise DatabaseError(describe_sqlite_error(path, error)) from None
            raise
        return store

    @classmethod
    def _create(cls, path: Path) -> None:
        """Build a new database under a temporary name, then link it into place whole."""
        private_folder(path.parent)
        built = Path(tempfile.mktemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent))
        new_private_file(built)
        try:
            cls._connect(built, read_only=False, migrate=True).close()
            link_into_place(built, path)
        finally:
            for leftover in (built, Path(f"{built}-wal"), Path(f"{built}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()

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

    def _migrate(self) -> None:
        tables = self._table_names()
        if tables and "ratings" not in tables:
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
    def named_errors(self) -> Iterator[None]:
        """SQLite's errors in the block leave as a DatabaseError naming this file:
        named here, where the path is known (locked, read-only, disk full, damaged)."""
        try:
            yield
        except sqlite3.Error as error:
            raise DatabaseError(describe_sqlite_error(self.path, error)) from None

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a read, as plain tuples (by position: quick on long histories)."""
        with self.named_errors():
            return self.conn.execute(sql, params).fetchall()

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a read one by one, as plain tuples: 100 years never held at once."""
        with self.named_errors():
            yield from self.conn.execute(sql, params)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken IMMEDIATE so concurrent writers queue
        on the busy timeout instead of failing on a lock upgrade."""
        conn = self.conn
        with self.named_errors():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
