"""The interactive check-in: one keypress per item, Ctrl-C saves nothing."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date

import typer

from ..errors import Cancelled, InputError
from ..instrument import DIFFICULTY_LABELS, DIFFICULTY_QUESTION, ITEMS, questionnaire

KEYS = "0123"
NO_TERMINAL = "No terminal to ask on: give the seven answers, e.g. 'anxlog rate 1 2 1 0 2 1 1'."


@contextlib.contextmanager
def _terminal_keys() -> Iterator[Callable[[], str]]:
    """Read single keys for the whole form.

    The terminal is put in cbreak mode once (not per key, which would flush keys typed
    ahead); Ctrl-C still interrupts. Without a terminal (tests), typer.getchar is used.
    """
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        yield typer.getchar
        return
    import termios
    import tty

    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        yield lambda: os.read(fd, 32).decode(stdin.encoding or "utf-8", "replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class _Keys:
    """Keys one at a time, even when several arrive together (fast typing, paste)."""

    def __init__(self, read: Callable[[], str]) -> None:
        self.read = read
        self.typed_ahead: list[str] = []

    def next(self) -> str:
        if not self.typed_ahead:
            try:
                chunk = self.read()
            except (OSError, ValueError):
                raise InputError(NO_TERMINAL) from None
            if not chunk:
                raise Cancelled()
            if chunk.startswith("\x1b"):
                return chunk  # an arrow or function key: one key, ignored
            self.typed_ahead.extend(chunk)
        key = self.typed_ahead.pop(0)
        if key in ("\x03", "\x04"):
            raise Cancelled()
        return key

    def answer(self, prompt: str, *, allow_skip: bool = False) -> int | None:
        typer.echo(prompt, nl=False)
        while True:
            key = self.next()
            if key in KEYS:
                typer.echo(key)
                return int(key)
            if allow_skip and key in ("\r", "\n"):
                typer.echo("skipped")
                return None


def ask_form(
    instrument: str, day: date, *, ask_difficulty: bool
) -> tuple[tuple[int, ...], int | None]:
    """The seven items (and, for the GAD-7, its difficulty item when any answer is > 0)."""
    form = questionnaire(instrument)
    typer.echo(f"{form.title} — {day.isoformat()}")
    typer.echo(form.stem)
    typer.echo("   ".join(f"{value} {label}" for value, label in enumerate(form.answer_labels)))
    typer.echo("Press 0, 1, 2 or 3 for each item; Ctrl-C cancels and saves nothing.")
    try:
        with _terminal_keys() as read:
            keys = _Keys(read)
            answers = tuple(
                int(keys.answer(f"{number}/7 {item}: ") or 0)
                for number, item in enumerate(ITEMS, 1)
            )
            difficulty = None
            if ask_difficulty and any(answers):
                typer.echo(DIFFICULTY_QUESTION)
                typer.echo(
                    "   ".join(f"{value} {label}" for value, label in enumerate(DIFFICULTY_LABELS))
                )
                difficulty = keys.answer("Difficulty (0–3, Enter to skip): ", allow_skip=True)
    except (KeyboardInterrupt, EOFError, typer.Abort):
        typer.echo()
        raise Cancelled() from None
    return answers, difficulty


def ask_note() -> str | None:
    try:
        note: str = typer.prompt(
            "Note (optional, Enter to skip)", default="", show_default=False, prompt_suffix=": "
        )
    except (KeyboardInterrupt, EOFError, typer.Abort):
        typer.echo()
        raise Cancelled() from None
    return note or None
