"""Writing files the user asked for: atomically, privately, never over their work."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import AnxlogError, InputError

PRIVATE = 0o600


def check_target(path: Path, *, force: bool) -> None:
    """Refuse what cannot or should not be written, before any work is done."""
    if path.is_dir():
        raise InputError(f"{path} is a directory: give a file name to write.")
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist: create it or choose another.")
    if path.exists() and not path.is_file():  # a device or a pipe: never replaced
        raise InputError(f"{path} is not a regular file: choose a file name to write.")
    if path.exists() and not force:
        raise InputError(f"{path} already exists: add --force to replace it.")


@contextlib.contextmanager
def atomic_file(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A file to write: a temp file in the same folder (0600), renamed into place when
    the block ends without an error, removed when it fails.

    A crash leaves either the old file or the new one, never half of either.
    """
    check_target(path, force=force)
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, PRIVATE)
        if not force and path.exists():
            raise InputError(f"{path} already exists: add --force to replace it.")
        os.replace(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise AnxlogError(f"Cannot write {path}: {error.strerror}.") from None
        raise


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through atomic_file."""
    with atomic_file(path, force=force) as handle:
        handle.write(data)
