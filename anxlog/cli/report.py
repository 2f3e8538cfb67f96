"""`anxlog report`: one self-contained HTML page for the provider."""

from pathlib import Path
from typing import Annotated

import typer

from .. import dates
from ..instrument import DAILY
from ..present.text import escape_controls
from . import options
from .app import AnxlogCommand, DbOption, app, open_store
from .options import InstrumentOption, SinceOption, UntilOption


@app.command(cls=AnxlogCommand, short_help="Write an HTML report for your provider.")
def report(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    instrument: InstrumentOption = DAILY,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Where to write the page (default: anxlog-report-YYYY-MM-DD.html here).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Write an HTML report (one file) for your provider: verdict, chart, tables.

    The file is self-contained (no scripts, fonts or network requests), prints on
    A4 or Letter, and is readable only by you (mode 0600). Prints the file's path.
    Needs matplotlib: pip install 'anxlog[report]'.

    \b
    Example:
      anxlog report
      anxlog report --since 2026-09-01 --out ~/Desktop/for-dr-lee.html --force
      anxlog report --instrument gad7
    """
    from ..files import check_target, write_atomic
    from ..report.svg_chart import require_matplotlib

    first, last = options.period(since, until)
    chosen = options.instrument(instrument)
    today = dates.today()
    path = (out or Path(f"anxlog-report-{today.isoformat()}.html")).expanduser()
    check_target(path, force=force)  # refuse before any work is done
    require_matplotlib()
    store = open_store(ctx, db, write=False)
    from ..report import build_report

    page = build_report(store, instrument=chosen, since=first, until=last, today=today)
    write_atomic(path, page.encode("utf-8"), force=force)
    typer.echo(escape_controls(str(path.resolve())))
