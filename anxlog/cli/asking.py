"""The interactive check-in: one keypress per item, a review, then the note.

Backspace goes back one item; after the last item the answers and total are shown
and Enter saves them (after the note) or Backspace changes the last answer again.
Every key, the note's included, comes from one reader, so keys typed ahead (fast
typing, a paste) are never lost between the items and the note. Ctrl-C saves nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date

import typer

from ..errors import Cancelled, InputError
from ..instrument import DIFFICULTY_LABELS, DIFFICULTY_QUESTION, ITEMS, questionnaire
from ..present.rating import total_text

KEYS = "0123"
ENTER = ("\r", "\n")
BACKSPACE = ("\x7f", "\x08")
BACK = -1  # what an answer step returns for Backspace
NO_TERMINAL = "No terminal to ask on: give the seven answers, e.g. 'anxlog rate 1 2 1 0 2 1 1'."


@contextlib.contextmanager
def _terminal_keys() -> Iterator[Callable[[], str]]:
    """Read keys for the whole form, the note included.

    The terminal is put in cbreak mode once (not per key, which would flush keys typed
    ahead); Ctrl-C still interrupts. Without a terminal (tests), typer.getchar is used.
    """
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        yield typer.getchar
        return
    import codecs
    import termios
    import tty

    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    decoder = codecs.getincrementaldecoder(stdin.encoding or "utf-8")("replace")

    def read() -> str:
        while True:
            data = os.read(fd, 64)
            if not data:
                return ""
            text = decoder.decode(data)
            if text:  # else half of a character: wait for the rest
                return text

    tty.setcbreak(fd, termios.TCSANOW)
    try:
        yield read
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

    def answer(self, prompt: str, *, back: bool, skip: bool = False) -> int | None:
        """0–3, BACK for Backspace (when ``back``), None for Enter (when ``skip``)."""
        typer.echo(prompt, nl=False)
        while True:
            key = self.next()
            if key in KEYS:
                typer.echo(key)
                return int(key)
            if back and key in BACKSPACE:
                typer.echo("← back")
                return BACK
            if skip and key in ENTER:
                typer.echo("skipped")
                return None

    def confirm(self, prompt: str) -> bool:
        """True for Enter, False for Backspace."""
        typer.echo(prompt, nl=False)
        while True:
            key = self.next()
            if key in ENTER:
                typer.echo()
                return True
            if key in BACKSPACE:
                typer.echo("← back")
                return False

    def line(self, prompt: str) -> str:
        """A line of text, echoed as typed; Backspace deletes, Enter ends it."""
        typer.echo(prompt, nl=False)
        typed: list[str] = []
        while True:
            key = self.next()
            if key in ENTER:
                typer.echo()
                return "".join(typed)
            if key in BACKSPACE:
                if typed:
                    typed.pop()
                    typer.echo("\b \b", nl=False)
            elif key.isprintable() and not key.startswith("\x1b"):
                typed.append(key)
                typer.echo(key, nl=False)


def _item_prompt(number: int, previous: int | None) -> str:
    was = f" (was {previous})" if previous is not None else ""
    return f"{number}/7 {ITEMS[number - 1]}{was}: "


def ask_form(
    instrument: str, day: date, *, ask_difficulty: bool, ask_note: bool
) -> tuple[tuple[int, ...], int | None, str | None]:
    """The seven items, the GAD-7's difficulty item when any answer is > 0 (and
    ``ask_difficulty``), a review, and the note (when ``ask_note``)."""
    form = questionnaire(instrument)
    typer.echo(f"{form.title} — {day.isoformat()}")
    typer.echo(form.stem)
    typer.echo("   ".join(f"{value} {label}" for value, label in enumerate(form.answer_labels)))
    typer.echo("Press 0, 1, 2 or 3 for each item; Backspace goes back; Ctrl-C saves nothing.")
    try:
        with _terminal_keys() as read:
            keys = _Keys(read)
            answers, difficulty = _ask_answers(keys, instrument, ask_difficulty, ask_note)
            note = keys.line("Note (optional; Enter saves): ") if ask_note else None
    except (KeyboardInterrupt, EOFError, typer.Abort):
        typer.echo()
        raise Cancelled() from None
    return answers, difficulty, note or None


def _ask_answers(
    keys: _Keys, instrument: str, ask_difficulty: bool, note_follows: bool
) -> tuple[tuple[int, ...], int | None]:
    answers: list[int | None] = [None] * len(ITEMS)
    difficulty: int | None = None
    step = 0  # 0–6 the items, 7 the difficulty item, 8 the review
    while True:
        if step < len(ITEMS):
            value = keys.answer(_item_prompt(step + 1, answers[step]), back=step > 0)
            if value == BACK:
                step -= 1
            else:
                answers[step] = value
                step += 1
            continue
        chosen = [answer or 0 for answer in answers]
        asks_difficulty = ask_difficulty and any(chosen)
        if step == len(ITEMS) and asks_difficulty:
            typer.echo(DIFFICULTY_QUESTION)
            typer.echo(
                "   ".join(f"{value} {label}" for value, label in enumerate(DIFFICULTY_LABELS))
            )
            value = keys.answer("Difficulty (0–3, Enter to skip): ", back=True, skip=True)
            if value == BACK:
                step -= 1
                continue
            difficulty = value
        difficulty = difficulty if asks_difficulty else None
        typer.echo(f"Answers: {' '.join(map(str, chosen))} · {total_text(instrument, sum(chosen))}")
        if difficulty is not None:
            typer.echo(f"Difficulty: {DIFFICULTY_LABELS[difficulty]}")
        last = "the difficulty item" if asks_difficulty else f"item {len(ITEMS)}"
        enter = "go on to the note" if note_follows else "save"
        if keys.confirm(f"Enter: {enter} · Backspace: change {last} · Ctrl-C: cancel "):
            return tuple(chosen), difficulty
        step = len(ITEMS) if asks_difficulty else len(ITEMS) - 1
