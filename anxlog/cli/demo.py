"""`anxlog demo`: a made-up history in a throw-away database, then `trend` on it."""

import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from .. import dates
from ..errors import InputError
from ..instrument import DAILY
from ..present.text import escape_controls
from .app import Settings, app
from .trend import load


@app.command()
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
    """Show what anxlog does on a realistic synthetic history (a throw-away database).

    Writes ~150 days of made-up ratings and a ketamine series into a new temporary
    database (never your own one, unless you pass --db), then shows 'trend' on it.

    \b
    Example:
      anxlog demo
      anxlog demo --db /tmp/demo.db && anxlog --db /tmp/demo.db history
    """
    import tempfile

    from ..demo import events, history
    from ..storage import Store

    settings = ctx.find_object(Settings)
    explicit = db or (settings.db if settings else None)
    path = Path(explicit) if explicit else Path(tempfile.mkdtemp(prefix="anxlog-demo-")) / "demo.db"
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
    console.print(
        f"\nThis was made-up demo data ({first.isoformat()} to {dates.today().isoformat()}), "
        "kept so you can explore it:"
    )
    shown = escape_controls(str(path))
    console.print(f"  anxlog --db {shown} history", soft_wrap=True)
    console.print(f"  anxlog --db {shown} session list", soft_wrap=True)
    sys.stdout.flush()
