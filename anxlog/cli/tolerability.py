"""How a session was tolerated: the options of session add/edit, and the short optional
questions `session add` asks in a terminal when none of them is given.

Dissociation and nausea are anxlog's own simple self-rated items (0 none, 1 mild,
2 moderate, 3 severe), not a validated scale; blood pressure is SYS/DIA in mmHg.
An empty value ('') leaves a part empty, and on `session edit` removes it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from ..errors import Cancelled, InputError
from ..records import Tolerability
from . import options

DissociationOption = Annotated[
    str | None,
    typer.Option(
        "--dissociation",
        metavar="0-3",
        help="Dissociation during the session, self-rated: 0 none, 1 mild, 2 moderate, 3 severe.",
    ),
]
NauseaOption = Annotated[
    str | None,
    typer.Option(
        "--nausea", metavar="0-3", help="Nausea, self-rated: 0 none, 1 mild, 2 moderate, 3 severe."
    ),
]
BpBeforeOption = Annotated[
    str | None,
    typer.Option(
        "--bp-before",
        metavar="SYS/DIA",
        help="Blood pressure before the session (mmHg), e.g. 128/82.",
    ),
]
BpAfterOption = Annotated[
    str | None,
    typer.Option(
        "--bp-after",
        metavar="SYS/DIA",
        help="Blood pressure after the session (mmHg), e.g. 141/90.",
    ),
]
OPTION_NAMES = "--dissociation, --nausea, --bp-before or --bp-after"


def _level(what: str) -> Callable[[str], Any]:
    return lambda text: options.level(text, what)


def _pressure(what: str) -> Callable[[str], Any]:
    return lambda text: options.blood_pressure(text, what)


def columns(
    dissociation: str | None, nausea: str | None, bp_before: str | None, bp_after: str | None
) -> dict[str, int | None]:
    """The stored columns of the options given (none for an option left out; '' empties)."""
    given: dict[str, Any] = {}
    for field, text, parse in (
        ("dissociation", dissociation, _level("--dissociation")),
        ("nausea", nausea, _level("--nausea")),
        ("bp_before", bp_before, _pressure("--bp-before")),
        ("bp_after", bp_after, _pressure("--bp-after")),
    ):
        if text is not None:
            given[field] = parse(text) if text.strip() else None
    return _columns_of(given)


def _columns_of(given: dict[str, Any]) -> dict[str, int | None]:
    """The columns of the given fields only (a reading's two columns go together)."""
    every = Tolerability(**given).to_columns()
    return {column: value for column, value in every.items() if column.startswith(tuple(given))}


# (field, question, parser): asked in this order, each skipped with Enter
QUESTIONS = (
    ("dissociation", "Dissociation during the session, 0–3", _level("Dissociation")),
    ("nausea", "Nausea, 0–3", _level("Nausea")),
    ("bp_before", "Blood pressure before, SYS/DIA mmHg", _pressure("Blood pressure")),
    ("bp_after", "Blood pressure after, SYS/DIA mmHg", _pressure("Blood pressure")),
)


def in_terminal() -> bool:
    """Whether someone can be asked: standard input is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


def _read_line(question: str) -> str:
    try:
        line: str = typer.prompt(question, default="", show_default=False, prompt_suffix=": ")
    except (KeyboardInterrupt, EOFError, typer.Abort):
        typer.echo()
        raise Cancelled() from None
    return line


def ask(read_line: Callable[[str], str] = _read_line) -> dict[str, int | None]:
    """Ask the four optional questions; Enter skips one, a refused answer is asked again.

    ``read_line(question)`` returns the line typed (tests give the lines themselves)."""
    typer.echo("How did the session feel? Optional: press Enter to skip a question.")
    typer.echo("Levels: 0 none, 1 mild, 2 moderate, 3 severe (self-rated).")
    given: dict[str, Any] = {}
    for field, question, parse in QUESTIONS:
        while True:
            text = read_line(question)
            if not text.strip():
                break
            try:
                given[field] = parse(text)
            except InputError as error:
                typer.echo(error.message)
                continue
            break
    return _columns_of(given)
