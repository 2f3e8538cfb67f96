"""`anxlog trend`: is the series of sessions giving sustained relief?"""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from ..instrument import DAILY
from . import options
from .app import AnxlogCommand, DbOption, JsonOption, app, open_store
from .options import InstrumentOption, ItemOption, SinceOption, UntilOption

if TYPE_CHECKING:
    from ..analysis.trend import Parameters, Trend
    from ..storage import Store


@app.command(cls=AnxlogCommand, short_help="Is the series giving sustained relief?")
def trend(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    instrument: InstrumentOption = DAILY,
    window: Annotated[
        str, typer.Option(metavar="DAYS", help="Days before and after each session (1–365).")
    ] = "7",
    baseline_days: Annotated[
        str,
        typer.Option(
            metavar="DAYS", help="Days before the first session that form the baseline (1–365)."
        ),
    ] = "14",
    margin: Annotated[
        str | None,
        typer.Option(
            metavar="POINTS",
            help=(
                "Points below baseline that count as relief, 0–21 (default 4, the minimal "
                "clinically important difference (MCID) of the GAD-7; 1 with --item)."
            ),
            show_default=False,
        ),
    ] = None,
    sustain_days: Annotated[
        str, typer.Option(metavar="DAYS", help="Days of relief that count as sustained (1–3650).")
    ] = "14",
    durability_sessions: Annotated[
        str,
        typer.Option(
            metavar="N",
            help="How many of the latest sessions 'How long relief lasts' describes (2–1000).",
        ),
    ] = "6",
    item: ItemOption = None,
    no_chart: Annotated[bool, typer.Option("--no-chart", help="Leave out the chart.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Is the series of sessions giving sustained relief? Chart, table, verdict.

    Compares your daily values before the first session (the baseline) with the
    days after it, session by session and for the whole series. --since and --until
    choose the days shown; the baseline stays the one before the first session.
    Every figure is defined, with a worked example, in docs/methods.md.

    \b
    Example:
      anxlog trend
      anxlog trend --since 2026-09-01 --no-chart
      anxlog trend --item q2 --window 5
      anxlog trend --durability-sessions 4
      anxlog trend --instrument gad7
      anxlog trend --json > trend.json
    """
    from ..analysis.trend import Parameters, default_margin

    first, last = options.period(since, until)
    chosen = options.instrument(instrument)
    chosen_item = options.item(item)
    params = Parameters(
        window=options.whole(window, "--window", 1, 365),
        baseline_days=options.whole(baseline_days, "--baseline-days", 1, 365),
        margin=(
            default_margin(chosen_item)
            if margin is None
            else options.decimal(margin, "--margin", 0, 21)
        ),
        sustain_days=options.whole(sustain_days, "--sustain-days", 1, 3650),
        durability_sessions=options.whole(durability_sessions, "--durability-sessions", 2, 1000),
    )
    store = open_store(ctx, db, write=False)
    result = load(store, chosen, first, last, chosen_item, params)
    if as_json:
        from ..present.trend_json import trend_json

        typer.echo(trend_json(result))
        return
    from ..present.tables import make_console
    from ..present.trend_view import print_trend

    print_trend(result, console=make_console(), show_chart=not no_chart)


def load(
    store: "Store",
    instrument: str,
    since: date | None,
    until: date | None,
    item: str | None,
    params: "Parameters | None" = None,
) -> "Trend":
    from ..analysis.load import load_trend

    return load_trend(
        store, instrument=instrument, since=since, until=until, item=item, params=params
    )
