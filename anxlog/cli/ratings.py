"""Commands about ratings: rate, history, edit, rm, where."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import dates, numbers
from ..errors import InputError, NotFoundError
from ..instrument import (
    DAILY,
    DIFFICULTY_LABELS,
    GAD7,
    ITEM_KEYS,
    ITEMS,
    parse_answer,
    parse_answers,
)
from ..present.text import escape_controls
from . import options
from .app import AnxlogCommand, DbOption, JsonOption, app, db_path, open_store, print_json

if TYPE_CHECKING:
    from datetime import date

    from ..storage import Store

ANSWERS_CONTEXT = {"ignore_unknown_options": True}  # so "-1" reaches the answer check

DateOption = Annotated[
    str,
    typer.Option(
        "--date",
        "-d",
        metavar="DATE",
        help="Day the rating is about: YYYY-MM-DD, today or yesterday.",
    ),
]
TimeOption = Annotated[
    str | None, typer.Option("--time", "-t", metavar="HH:MM", help="When it was taken.")
]
NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", metavar="TEXT", help="A free-text note.")
]


def _check_answer_tokens(tokens: list[str], command: str) -> None:
    for token in tokens:
        if token.startswith("--"):
            raise InputError(f"No such option: {token}. See 'anxlog {command} --help'.")
    if len(tokens) > len(ITEM_KEYS):
        words = [token for token in tokens if not token.strip().lstrip("+-").isdecimal()]
        if words:  # e.g. rate 1 2 1 0 2 1 1 "felt ok": a note given without --note
            note = " ".join(words).replace('"', '\\"')
            raise InputError(
                f"Got {len(tokens)} answers, and {words[0]!r} is not an answer: "
                f'to add a note, use --note "{note}".'
            )


@app.command(
    cls=AnxlogCommand,
    context_settings=ANSWERS_CONTEXT,
    short_help="Rate today's anxiety: seven items, 0–3 each.",
)
def rate(
    ctx: typer.Context,
    answers: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ANSWERS",
            help="Seven answers 0–3 in item order; leave out to be asked one key at a time.",
            show_default=False,
        ),
    ] = None,
    day_text: DateOption = "today",
    clock: TimeOption = None,
    note: NoteOption = None,
    gad7: Annotated[
        bool, typer.Option("--gad7", help="The standard GAD-7 (last 2 weeks) instead.")
    ] = False,
    difficulty: Annotated[
        str | None,
        typer.Option("--difficulty", metavar="0-3", help="GAD-7 difficulty item (with --gad7)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Rate today's anxiety: the seven GAD-7 items, 0–3 each.

    Without answers, asks each item and takes one keypress (0, 1, 2 or 3).
    Backspace goes back one item; after the last one the answers and total are
    shown: Enter saves them (after an optional note), Backspace changes them.
    Ctrl-C saves nothing. With --gad7, asks the standard two-week GAD-7 and its
    difficulty item instead of the daily check-in. A rating for an earlier day
    without --time keeps its time unknown rather than inventing one.

    \b
    Example:
      anxlog rate                         # interactive, one key per item
      anxlog rate 1 2 1 0 2 1 1           # quick form
      anxlog rate 2 2 1 1 0 1 1 --date yesterday --time 21:30 --note "after a long day"
      anxlog rate --gad7 2 2 2 1 1 1 2 --difficulty 1
    """
    from ..storage import RatingInput

    instrument = GAD7 if gad7 else DAILY
    if difficulty is not None and not gad7:
        raise InputError("--difficulty belongs to the standard GAD-7: add --gad7, or leave it out.")
    chosen_difficulty = None if difficulty is None else parse_answer(difficulty, "--difficulty")
    day = dates.parse_day(day_text)
    time_text = dates.parse_time(clock) if clock is not None else None
    if time_text is not None:
        dates.check_not_future(day, time_text)  # before anything is asked
    note = options.stored_text(note, "--note")
    if answers:
        _check_answer_tokens(answers, "rate")
        values = parse_answers(answers)
    else:
        from .asking import ask_form

        values, asked_difficulty, asked_note = ask_form(
            instrument,
            day,
            ask_difficulty=gad7 and chosen_difficulty is None,
            ask_note=note is None,
        )
        chosen_difficulty = chosen_difficulty if asked_difficulty is None else asked_difficulty
        note = asked_note if note is None else note
    store = open_store(ctx, db, create=True)
    rating = store.add_rating(
        RatingInput(
            instrument=instrument,
            day=day,
            taken_at=dates.taken_at(day, time_text),
            answers=values,
            difficulty=chosen_difficulty,
            note=note or None,
        )
    )
    from ..analysis.load import baseline_mean
    from ..present.rating import saved_lines

    nth = store.ratings_on(instrument, day)
    baseline = baseline_mean(store, instrument) if instrument == DAILY else None
    for line in saved_lines(rating, nth, store.previous_rating(rating), baseline):
        typer.echo(line)


@app.command(cls=AnxlogCommand, short_help="List your ratings.")
def history(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD.")] = None,
    instrument: Annotated[
        str | None, typer.Option(metavar="daily|gad7", help="Only 'daily' or only 'gad7' ratings.")
    ] = None,
    limit: Annotated[
        str | None, typer.Option(metavar="N", help="Only the most recent N ratings.")
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List ratings, oldest first.

    \b
    Example:
      anxlog history --since 2026-10-01 --limit 20
      anxlog history --instrument gad7 --json > gad7.json
    """
    first, last = options.period(since, until)
    chosen = None if instrument is None else options.instrument(instrument)
    count = None if limit is None else options.whole(limit, "--limit", 1, numbers.LARGEST_ID)
    store = open_store(ctx, db, write=False)
    ratings = store.ratings(instrument=chosen, since=first, until=last, limit=count)
    if as_json:
        print_json([rating.to_json() for rating in ratings])
        return
    from ..present.tables import history_table, make_console

    console = make_console()
    if not ratings:
        console.print(_no_ratings(store, chosen, first, last))
        return
    console.print(history_table(ratings))


def _no_ratings(
    store: "Store", instrument: str | None, first: "date | None", last: "date | None"
) -> str:
    """Why the list is empty: nothing rated yet, or nothing in the period asked for."""
    from ..present.tables import period_words

    if not store.ratings(limit=1):
        return "No ratings yet. Start with 'anxlog rate'."
    kind = {None: "ratings", DAILY: "daily check-ins", GAD7: "standard GAD-7 ratings"}[instrument]
    if first is None and last is None:
        return f"No {kind} yet."
    return f"No {kind} {period_words(first, last)}."


@app.command(cls=AnxlogCommand, context_settings=ANSWERS_CONTEXT, short_help="Correct a rating.")
def edit(
    ctx: typer.Context,
    rating_id: Annotated[str, typer.Argument(metavar="ID", help="Rating id (see history).")],
    answers: Annotated[
        list[str] | None,
        typer.Argument(metavar="ANSWERS", help="Seven new answers 0–3.", show_default=False),
    ] = None,
    day_text: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help="New day: YYYY-MM-DD, today, yesterday."),
    ] = None,
    clock: TimeOption = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="New note ('' removes it).")
    ] = None,
    difficulty: Annotated[
        str | None, typer.Option("--difficulty", metavar="0-3", help="GAD-7 difficulty item.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Correct a rating: its answers, day, time or note.

    \b
    Example:
      anxlog edit 12 1 1 1 0 2 1 1
      anxlog edit 12 --date yesterday --time 22:10 --note "rated late"
    """
    changes: dict[str, Any] = {}
    if answers:
        _check_answer_tokens(answers, "edit")
        changes.update(zip(ITEM_KEYS, parse_answers(answers), strict=True))
    new_day = dates.parse_day(day_text) if day_text is not None else None
    new_clock = dates.parse_time(clock) if clock is not None else None
    new_difficulty = None if difficulty is None else parse_answer(difficulty, "--difficulty")
    if note is not None:
        changes["note"] = options.stored_text(note or None, "--note")
    chosen_id = options.record_id(rating_id, "rating", "anxlog history")
    store = open_store(ctx, db)
    current = store.rating(chosen_id)
    if new_difficulty is not None:
        if current.instrument != GAD7:
            raise InputError(
                f"Rating {chosen_id} is a daily check-in; --difficulty only fits a standard GAD-7."
            )
        changes["difficulty"] = new_difficulty
    if new_day is not None or new_clock is not None:
        day = new_day or current.day
        clock = new_clock or dates.clock_of(current.taken_at)  # an unknown time stays unknown
        changes["day"] = day.isoformat()
        changes["taken_at"] = dates.taken_at(day, clock, now_if_today=False)
    if not changes:
        raise InputError("Nothing to change: give new answers, --date, --time or --note.")
    rating = store.update_rating(chosen_id, changes)
    from ..present.rating import total_line

    typer.echo(f"Updated rating {rating.id} ({rating.day.isoformat()}). {total_line(rating)}")


@app.command(cls=AnxlogCommand, short_help="Delete a rating, or the latest one (--last).")
def rm(
    ctx: typer.Context,
    rating_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", help="Rating id (see history).", show_default=False),
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="The latest rating entered, instead of an ID.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a rating, or with --last the latest one entered (asks first unless --yes).

    \b
    Example:
      anxlog rm --last        # undo the rating just entered
      anxlog rm 12
      anxlog rm 12 --yes
    """
    if rating_id is not None and last:
        raise InputError("Give a rating id or --last, not both.")
    if rating_id is None and not last:
        raise InputError(
            "Give the id of the rating to delete ('anxlog history' lists them), "
            "or --last for the latest one entered."
        )
    chosen_id = None if last else options.record_id(str(rating_id), "rating", "anxlog history")
    store = open_store(ctx, db)
    if chosen_id is not None:
        rating = store.rating(chosen_id)
    else:
        latest = store.last_entered_rating()
        if latest is None:
            raise NotFoundError(f"There are no ratings in {store.path} to delete.")
        rating = latest
    from ..present.rating import removal_summary

    summary = removal_summary(rating)
    if not yes and not typer.confirm(f"Delete {summary}?", default=False):
        typer.echo("Nothing was deleted.")
        raise typer.Exit(1)
    store.delete_rating(rating.id)
    typer.echo(f"Deleted {summary}.")


@app.command(cls=AnxlogCommand, short_help="Show the database file in use.")
def where(ctx: typer.Context, db: DbOption = None) -> None:
    """Show the full path of the database file in use (it need not exist yet).

    \b
    Example:
      anxlog where
      ANXLOG_DB=~/test.db anxlog where
    """
    typer.echo(escape_controls(str(db_path(ctx, db))))


__all__ = ["DIFFICULTY_LABELS", "ITEMS", "edit", "history", "rate", "rm", "where"]
