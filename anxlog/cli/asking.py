"""The interactive check-in: one keypress per item, Ctrl-C saves nothing."""

from __future__ import annotations

import sys
from datetime import date

import typer

from ..errors import InputError
from ..instrument import DIFFICULTY_LABELS, DIFFICULTY_QUESTION, ITEMS, questionnaire

KEYS = "0123"


def require_terminal() -> None:
    """The interactive form needs someone at a keyboard."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError(
            "No terminal to ask on: give the seven answers, e.g. 'anxlog rate 1 2 1 0 2 1 1'."
        )


def _key(prompt: str, *, allow_skip: bool = False) -> int | None:
    typer.echo(prompt, nl=False)
    while True:
        try:
            char = typer.getchar()
        except (OSError, ValueError):
            typer.echo()
            raise InputError(
                "No terminal to ask on: give the seven answers, e.g. 'anxlog rate 1 2 1 0 2 1 1'."
            ) from None
        if char in KEYS:
            typer.echo(char)
            return int(char)
        if allow_skip and char in ("\r", "\n"):
            typer.echo("skipped")
            return None
        if char == "":
            raise typer.Abort()


def ask_answers(instrument: str, day: date) -> tuple[int, ...]:
    form = questionnaire(instrument)
    typer.echo(f"{form.title} — {day.isoformat()}")
    typer.echo(form.stem)
    typer.echo("   ".join(f"{value} {label}" for value, label in enumerate(form.answer_labels)))
    typer.echo("Press 0, 1, 2 or 3 for each item; Ctrl-C cancels and saves nothing.")
    answers = []
    for number, item in enumerate(ITEMS, 1):
        answer = _key(f"{number}/7 {item}: ")
        assert answer is not None
        answers.append(answer)
    return tuple(answers)


def ask_difficulty() -> int | None:
    typer.echo(DIFFICULTY_QUESTION)
    typer.echo("   ".join(f"{value} {label}" for value, label in enumerate(DIFFICULTY_LABELS)))
    return _key("Difficulty (0–3, Enter to skip): ", allow_skip=True)


def ask_note() -> str | None:
    note: str = typer.prompt(
        "Note (optional, Enter to skip)", default="", show_default=False, prompt_suffix=": "
    )
    return note or None
