"""The one exception family anxlog raises for people to read.

Every failure a user can cause or meet is an ``AnxlogError`` whose message is a
single sentence saying what was wrong and what is accepted. The CLI turns it
into stderr text and an exit status in exactly one place (``cli.AnxlogGroup``).
"""

from __future__ import annotations

USAGE = 2  # the command line itself was wrong (a bad value, a missing option)
FAILURE = 1  # the command line was fine but the work could not be done


class AnxlogError(Exception):
    """A failure with a message meant for the user; exit status 1."""

    exit_code = FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(AnxlogError):
    """A value typed on the command line is not accepted; exit status 2."""

    exit_code = USAGE


class NotFoundError(AnxlogError):
    """An id names no rating or session; exit status 1."""


class DatabaseError(AnxlogError):
    """The database file cannot be opened, read or written; exit status 1."""


class Cancelled(AnxlogError):
    """The person pressed Ctrl-C (or closed the input) while being asked; nothing was saved.
    Printed as it is, without "Error:": it is the person's choice, not a failure."""

    exit_code = 130  # the shell's status for Ctrl-C
    SAVED = "Cancelled: nothing was saved."
    CHANGED = "Cancelled: nothing was changed."

    def __init__(self, message: str = SAVED) -> None:
        super().__init__(message)
