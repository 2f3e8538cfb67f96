"""Where the database file lives, and the checks made before SQLite may open it.

A new database is built under a temporary name and linked into place only when its
schema is complete, so the path never holds a half-made (or empty) database, and two
programs starting at once on a new path cannot trip over each other.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from ..errors import DatabaseError

ENV_VAR = "ANXLOG_DB"
BUSY_TIMEOUT_SECONDS = 10.0  # the default; $ANXLOG_BUSY_TIMEOUT overrides it
BUSY_TIMEOUT_ENV = "ANXLOG_BUSY_TIMEOUT"
SQLITE_HEADER = b"SQLite format 3\x00"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def default_path() -> Path:
    """The platform's user data dir for anxlog (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("anxlog", appauthor=False)) / "anxlog.db"


def demo_path() -> Path:
    """The one demo database, in the platform's user cache dir (replaced by each demo)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("anxlog", appauthor=False)) / "demo.db"


def resolve_path(cli_path: str | None) -> Path:
    """``--db`` first, then ``$ANXLOG_DB``, then the platform's data dir; always absolute,
    so every message names the file unambiguously."""
    chosen = cli_path or os.environ.get(ENV_VAR) or None
    return Path(os.path.abspath(Path(chosen).expanduser())) if chosen else default_path()


def no_database(path: Path) -> DatabaseError:
    """The error of a command that reads a database that is not there (it never makes one)."""
    if path == default_path():
        return DatabaseError(
            f"There is no database at {path} yet: 'anxlog rate' or 'anxlog session add' starts one."
        )
    return DatabaseError(f"There is no database at {path}; 'anxlog where' shows the one in use.")


def check_folder(path: Path) -> None:
    """A database the person named must go into a folder that exists: a mistyped path
    is refused rather than turned into new folders (only the default folder is made)."""
    folder = path.parent
    if folder.is_dir() or path == default_path():
        return
    if folder.exists():
        raise DatabaseError(f"{folder} is not a folder, so no database can be created there.")
    raise DatabaseError(f"The folder {folder} does not exist: create it or choose another path.")


def is_read_only(path: Path) -> bool:
    # root can write through a 0444 mode, so the owner's write bit is checked too
    return not os.access(path, os.W_OK) or not (path.stat().st_mode & stat.S_IWUSR)


def check_existing(path: Path) -> None:
    """One sentence for each way an existing path cannot be an anxlog database."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory: --db takes the path of a database file.")
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


def private_folder(folder: Path) -> None:
    """Create the folder (0700) if it is missing; refuse a path that is not a folder."""
    if folder.is_dir():
        return
    if folder.exists():
        raise DatabaseError(f"{folder} is not a folder, so no database can be created there.")
    try:
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(f"Cannot create the folder {folder}: {error.strerror}.") from None


def new_private_file(path: Path) -> None:
    """Create an empty file 0600 (before SQLite opens it, so its -wal/-shm are 0600 too)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except OSError as error:
        raise DatabaseError(f"Cannot create {path}: {error.strerror}.") from None
    os.close(descriptor)
    os.chmod(path, PRIVATE_FILE)


def link_into_place(built: Path, path: Path) -> None:
    """Give the finished database its real name, unless another program got there first."""
    try:
        os.link(built, path)  # atomic, and fails rather than replace an existing file
    except FileExistsError:
        pass  # another anxlog created it a moment ago: use theirs
    except OSError:
        if not path.exists():  # a file system without hard links
            os.replace(built, path)
            return
    with_suffixes = [built, *(Path(f"{built}{suffix}") for suffix in ("-wal", "-shm"))]
    for leftover in with_suffixes:
        if leftover.exists():
            leftover.unlink()


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
