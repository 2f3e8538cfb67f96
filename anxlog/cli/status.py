"""`anxlog status`: today at a glance."""

from typing import Annotated

import typer

from .. import dates
from ..instrument import DAILY, INSTRUMENTS
from .app import AnxlogCommand, DbOption, app, open_store
from .trend import load


@app.command(cls=AnxlogCommand, short_help="Today at a glance.")
def status(
    ctx: typer.Context,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; exit 1 if today is unrated.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Today at a glance: rated yet, last session, 7-day average vs baseline, GAD-7 due.

    With -q prints nothing and exits 1 when today has no rating: for cron or a prompt.
    A database that does not exist is an error (exit 1, with its message), not "unrated".

    \b
    Example:
      anxlog status
      anxlog status -q || echo "anxlog: not rated today"
    """
    store = open_store(ctx, db, write=False)
    today = dates.today()
    rated_today = sum(store.ratings_on(instrument, today) for instrument in INSTRUMENTS)
    if quiet:
        raise typer.Exit(0 if rated_today else 1)
    from ..present.status_view import status_lines

    result = load(store, DAILY, None, None, None)
    sessions = store.sessions()
    last_gad7 = store.ratings(instrument="gad7", limit=1)
    for line in status_lines(
        today=today,
        rated_today=store.ratings_on(DAILY, today),
        gad7_today=store.ratings_on("gad7", today),
        sessions=sessions,
        trend=result,
        last_gad7=last_gad7[0] if last_gad7 else None,
    ):
        typer.echo(_wrapped(line))


def _wrapped(line: str) -> str:
    """A line folded to the terminal's width, as trend's are; a folded line is indented."""
    import shutil
    import textwrap

    width = max(40, shutil.get_terminal_size().columns)  # honours $COLUMNS; 80 in a pipe
    indent = " " * (len(line) - len(line.lstrip(" ")))
    following = indent + "  " if indent else ""
    return textwrap.fill(line, width=width, subsequent_indent=following, break_on_hyphens=False)
