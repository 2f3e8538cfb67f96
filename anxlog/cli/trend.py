"""Commands that look at the whole series: trend, status, demo."""

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import dates
from ..errors import InputError
from ..instrument import DAILY, INSTRUMENTS, ITEM_KEYS, questionnaire
from .app import DbOption, JsonOption, Settings, app, open_store

if TYPE_CHECKING:
    from ..analysis import Parameters, Trend
    from ..storage import Store

SinceOption = Annotated[str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD.")]
InstrumentOption = Annotated[
    str,
    typer.Option(
        metavar="daily|gad7", help="Which ratings: 'daily' check-ins or the standard 'gad7'."
    ),
]


def parse_period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    first = dates.parse_day(since, what="--since", allow_future=True) if since else None
    last = dates.parse_day(until, what="--until", allow_future=True) if until else None
    dates.check_range(first, last)
    return first, last


def parse_instrument(text: str) -> str:
    return questionnaire(text.strip().lower()).key


def parse_item(text: str | None) -> str | None:
    if text is None:
        return None
    item = text.strip().lower()
    if item not in ITEM_KEYS:
        raise InputError(f"--item {text!r} is not an item: use q1, q2, q3, q4, q5, q6 or q7.")
    return item


def _at_least(value: float, minimum: float, option: str) -> None:
    if value < minimum:
        raise InputError(f"{option} {value:g} is too small: give {minimum:g} or more.")


@app.command()
def trend(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    instrument: InstrumentOption = DAILY,
    window: Annotated[
        int, typer.Option(metavar="DAYS", help="Days before and after each session.")
    ] = 7,
    baseline_days: Annotated[
        int,
        typer.Option(metavar="DAYS", help="Days before the first session that form the baseline."),
    ] = 14,
    margin: Annotated[
        float,
        typer.Option(metavar="POINTS", help="Points below baseline that count as relief (MCID 4)."),
    ] = 4.0,
    sustain_days: Annotated[
        int, typer.Option(metavar="DAYS", help="Days of relief that count as sustained.")
    ] = 14,
    item: Annotated[
        str | None, typer.Option(metavar="qN", help="Trend one item (q1–q7) instead of the total.")
    ] = None,
    no_chart: Annotated[bool, typer.Option("--no-chart", help="Leave out the chart.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Is the series of sessions giving sustained relief? Chart, table, verdict.

    Compares your daily values before the first session (the baseline) with the
    days after it, session by session and for the whole series (SPEC §3).

    \b
    Example:
      anxlog trend
      anxlog trend --since 2026-09-01 --no-chart
      anxlog trend --item q2 --window 5
      anxlog trend --json > trend.json
    """
    from ..analysis import Parameters

    first, last = parse_period(since, until)
    chosen = parse_instrument(instrument)
    chosen_item = parse_item(item)
    _at_least(window, 1, "--window")
    _at_least(baseline_days, 1, "--baseline-days")
    _at_least(margin, 0, "--margin")
    _at_least(sustain_days, 1, "--sustain-days")
    params = Parameters(
        window=window, baseline_days=baseline_days, margin=margin, sustain_days=sustain_days
    )
    store = open_store(ctx, db, write=False)
    result = _load(store, chosen, first, last, chosen_item, params)
    if as_json:
        from ..present.trend_json import trend_json

        typer.echo(trend_json(result, chosen))
        return
    from ..present.tables import make_console
    from ..present.trend_view import print_trend

    print_trend(result, chosen, item=chosen_item, console=make_console(), show_chart=not no_chart)


def _load(
    store: "Store",
    instrument: str,
    since: date | None,
    until: date | None,
    item: str | None,
    params: "Parameters | None" = None,
) -> "Trend":
    from ..series import load_trend

    return load_trend(
        store, instrument=instrument, since=since, until=until, item=item, params=params
    )


@app.command()
def status(
    ctx: typer.Context,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; exit 1 if today is unrated.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Today at a glance: rated yet, last session, 7-day average vs baseline, GAD-7 due.

    With -q prints nothing and exits 1 when today has no rating: for cron or a prompt.

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

    result = _load(store, DAILY, None, None, None)
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
        typer.echo(line)


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

    from ..demo import history
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
    from ..present.tables import make_console
    from ..present.trend_view import print_trend

    console = make_console()
    result = _load(store, DAILY, None, None, None)
    print_trend(result, DAILY, item=None, console=console, show_chart=not no_chart)
    first = dates.today() - timedelta(days=149)
    console.print(
        f"\nThis was made-up demo data ({first.isoformat()} to {dates.today().isoformat()}), "
        "kept so you can explore it:"
    )
    console.print(f"  anxlog --db {path} history", soft_wrap=True)
    console.print(f"  anxlog --db {path} session list", soft_wrap=True)
    sys.stdout.flush()
