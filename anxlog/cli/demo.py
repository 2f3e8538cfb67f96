"""`anxlog demo`: a made-up history in the demo database, then `trend` on it."""

import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from .. import dates
from ..errors import InputError
from ..instrument import DAILY
from ..present.text import escape_controls
from .app import AnxlogCommand, Settings, app
from .trend import load


@app.command(cls=AnxlogCommand, short_help="See anxlog at work on a made-up history.")
def demo(
    ctx: typer.Context,
    no_chart: Annotated[bool, typer.Option("--no-chart", help="Leave out the chart.")] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="PATH", help="Write the demo here (a new or empty database only)."
        ),
    ] = None,
) -> None:
    """Show what anxlog does on a realistic made-up history, in a demo database.

    Writes ~150 days of made-up ratings and a ketamine series into the demo database
    in your user cache folder (one file, replaced on every run; never your own
    database unless you pass --db), then shows 'trend' on it and where the file is.

    \b
    Example:
      anxlog demo
      anxlog demo --db ~/demo.db && anxlog --db ~/demo.db history
    """
    from ..demo import events, history
    from ..storage import Store, check_folder, resolve_path

    settings = ctx.find_object(Settings)
    explicit = db or (settings.db if settings else None)
    if explicit:
        path = resolve_path(explicit)
        if not path.exists():
            check_folder(path)
    else:
        path = _fresh_demo_path()
    store = Store.open(path)
    ctx.call_on_close(store.close)
    if store.ratings(limit=1) or store.sessions():
        raise InputError(
            f"{path} already holds data: the demo only writes to a new or empty database."
        )
    ratings, sessions = history(dates.today())
    store.insert_rows("ratings", ratings)
    store.insert_rows("sessions", sessions)
    store.insert_rows("events", events(dates.today()))
    from ..present.tables import make_console
    from ..present.trend_view import print_trend

    console = make_console()
    result = load(store, DAILY, None, None, None)
    print_trend(result, console=console, show_chart=not no_chart)
    first = dates.today() - timedelta(days=149)
    kept = "" if explicit else " (replaced by the next 'anxlog demo')"
    shown = escape_controls(str(path))
    # the sentence folds to the terminal's width; the commands keep the path whole
    console.print(
        f"\nThis was made-up demo data ({first.isoformat()} to {dates.today().isoformat()}), "
        f"kept in the database below{kept} so you can explore it:"
    )
    console.print(f"  anxlog --db {shown} history", soft_wrap=True)
    console.print(f"  anxlog --db {shown} session list", soft_wrap=True)
    sys.stdout.flush()


def _fresh_demo_path() -> Path:
    """The one demo database in the user cache folder, its previous run removed."""
    from ..storage import demo_path

    path = demo_path()
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    return path
