"""Commands about other changes (a new medication, therapy, a hard month): event add,
list, edit, rm. Events are read next to the series; they are not sessions."""

import re
from datetime import date
from typing import Annotated, Any

import typer

from .. import dates
from ..errors import InputError
from ..present.text import escape_controls
from . import options
from .app import CONTEXT, AnxlogCommand, DbOption, JsonOption, Settings, open_store, print_json
from .app import app as root_app

app = typer.Typer(context_settings=CONTEXT, no_args_is_help=True, rich_markup_mode=None)
root_app.add_typer(app, name="event", short_help="Note other changes: medication, therapy.")


@app.callback()
def event(ctx: typer.Context, db: DbOption = None) -> None:
    """Note other changes: medication, therapy… (add, list, edit, rm).

    \b
    Example:
      anxlog event add "started sertraline 50 mg"
      anxlog event --db ~/anxlog-test.db list
    """
    settings = ctx.find_object(Settings)
    if db is not None and settings is not None:
        settings.db = db  # --db after 'event' counts as before it


LISTING = "anxlog event list"
EXAMPLE_TEXT = "e.g. 'started sertraline 50 mg'"
# a first word that is meant as the DATE: a date-like form (checked by dates.parse_day) or a word
_DATE_WORD = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|today|yesterday", re.IGNORECASE)


def parse_text(text: str, what: str = "TEXT") -> str:
    """The event's text as typed; blank is refused."""
    if not text.strip():
        raise InputError(f"{what} is empty: describe the change, {EXAMPLE_TEXT}.")
    return options.stored_text(text, what) or text


def _day_and_text(words: list[str]) -> tuple[date, str]:
    """[DATE] TEXT: the first word is the date when it looks like one; the other words,
    joined by spaces, are the text."""
    if words and _DATE_WORD.fullmatch(words[0].strip()):
        day = dates.parse_day(words[0], what="DATE")
        if len(words) == 1:
            raise InputError(
                f"TEXT is missing after the date: describe the change, {EXAMPLE_TEXT}."
            )
        return day, parse_text(" ".join(words[1:]))
    return dates.today(), parse_text(" ".join(words))


@app.command("add", cls=AnxlogCommand, short_help="Note a change.")
def add(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="[DATE] TEXT",
            help="YYYY-MM-DD, today or yesterday (default today), then what changed.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
) -> None:
    """Note another change on a day (today unless a date is given).

    \b
    Example:
      anxlog event add "started sertraline 50 mg"
      anxlog event add 2026-11-02 "began weekly therapy"
    """
    day, text = _day_and_text(words)
    store = open_store(ctx, db, create=True)
    event = store.add_event(day, text)
    typer.echo(f"Saved event {event.id} on {event.day.isoformat()}.")


@app.command("list", cls=AnxlogCommand, short_help="List the events.")
def list_(
    ctx: typer.Context,
    since: options.SinceOption = None,
    until: options.UntilOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List events by day.

    \b
    Example:
      anxlog event list --since 2026-10-01
      anxlog event list --json
    """
    first, last = options.period(since, until)
    store = open_store(ctx, db, write=False)
    events = store.events(since=first, until=last)
    if as_json:
        print_json([event.to_json() for event in events])
        return
    from ..present.tables import events_table, make_console

    console = make_console()
    if not events:
        if (first is None and last is None) or not store.events():
            console.print("No events noted yet. Add one with 'anxlog event add \"…\"'.")
        else:
            from ..present.tables import period_words

            console.print(f"No events {period_words(first, last)}.")
        return
    console.print(events_table(events))


@app.command("edit", cls=AnxlogCommand, short_help="Correct an event.")
def edit(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help=f"Event id (see {LISTING}).")],
    day_text: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help="New day: YYYY-MM-DD, today, yesterday."),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="New text of the event.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Correct an event: its day or its text.

    \b
    Example:
      anxlog event edit 2 --date 2026-11-03
      anxlog event edit 2 --text "started sertraline 100 mg"
    """
    changes: dict[str, Any] = {}
    if day_text is not None:
        changes["day"] = dates.parse_day(day_text).isoformat()
    if text is not None:
        changes["text"] = parse_text(text, "--text")
    if not changes:
        raise InputError("Nothing to change: give --date or --text.")
    chosen_id = options.record_id(event_id, "event", LISTING)
    store = open_store(ctx, db)
    event = store.update_event(chosen_id, changes)
    typer.echo(f"Updated event {event.id} ({event.day.isoformat()}).")


@app.command("rm", cls=AnxlogCommand, short_help="Delete an event.")
def rm(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help=f"Event id (see {LISTING}).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete an event (asks first unless --yes).

    \b
    Example:
      anxlog event rm 2
      anxlog event rm 2 --yes
    """
    chosen_id = options.record_id(event_id, "event", LISTING)
    store = open_store(ctx, db)
    event = store.event(chosen_id)
    summary = f"event {event.id} ({event.day.isoformat()}, {escape_controls(event.text)})"
    if not yes and not typer.confirm(f"Delete {summary}?", default=False):
        typer.echo("Nothing was deleted.")
        raise typer.Exit(1)
    store.delete_event(chosen_id)
    typer.echo(f"Deleted {summary}.")
