"""Commands about treatment sessions: session add, list, edit, rm."""

import math
from typing import Annotated, Any

import typer

from .. import dates, numbers
from ..errors import InputError
from ..present.text import escape_controls, ordinal
from ..records import SUGGESTED_KINDS, UNITS, Session
from . import options, tolerability
from .app import CONTEXT, AnxlogCommand, DbOption, JsonOption, Settings, open_store, print_json
from .app import app as root_app

app = typer.Typer(context_settings=CONTEXT, no_args_is_help=True, rich_markup_mode=None)
root_app.add_typer(app, name="session", short_help="Log treatment sessions: add, list, edit, rm.")


@app.callback()
def session(ctx: typer.Context, db: DbOption = None) -> None:
    """Log the treatment sessions of a series: add, list, edit and rm.

    Each session has one number, its id: 'session list' shows it, 'session edit'
    and 'session rm' take it, and trend, status, the report and the exports name
    sessions by it. Its place in the treatment order is a column of its own.

    \b
    Example:
      anxlog session add --kind ketamine-iv --dose 0.5 --unit mg/kg
      anxlog session list
      anxlog session --db ~/anxlog-test.db list
    """
    settings = ctx.find_object(Settings)
    if db is not None and settings is not None:
        settings.db = db  # --db after 'session' counts as before it


KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help=f"What kind of session (free text; suggested: {', '.join(SUGGESTED_KINDS)}).",
    ),
]
DoseOption = Annotated[
    str | None,
    typer.Option("--dose", metavar="N", help="Dose as a number greater than 0 (with --unit)."),
]
UnitOption = Annotated[
    str | None, typer.Option("--unit", metavar="mg|mg/kg", help="Unit of the dose: mg or mg/kg.")
]
CourseOption = Annotated[
    str | None,
    typer.Option("--course", metavar="LABEL", help="Course label, e.g. induction or maintenance."),
]
TimeOption = Annotated[
    str | None, typer.Option("--time", "-t", metavar="HH:MM", help="Time of the session.")
]
NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", metavar="TEXT", help="A free-text note.")
]


def parse_kind(text: str) -> str:
    kind = str(options.stored_text(text.strip(), "--kind"))
    if not kind:
        raise InputError(
            f"--kind is empty: name the kind of session, e.g. {', '.join(SUGGESTED_KINDS[:3])}."
        )
    return kind


def parse_dose(text: str) -> float:
    if not numbers.DECIMAL.fullmatch(text.strip()):  # float() also takes '٣', '1_0', 'inf'
        raise InputError(f"--dose {text!r} is not a number: give a dose such as 35 or 0.5.")
    dose = numbers.decimal(text, 0, math.inf)
    if dose is None or dose <= 0:
        raise InputError(f"--dose {text} is not accepted: give a dose greater than 0.")
    return dose


def parse_unit(text: str) -> str:
    return options.choice(text, "--unit", UNITS)


def _check_dose_pair(dose: float | None, unit: str | None) -> None:
    if dose is not None and unit is None:
        raise InputError("--dose needs --unit: mg or mg/kg.")
    if unit is not None and dose is None:
        raise InputError("--unit needs --dose: give the dose as a number greater than 0.")


@app.command("add", cls=AnxlogCommand, short_help="Log a session.")
def add(
    ctx: typer.Context,
    day_text: Annotated[
        str,
        typer.Argument(
            metavar="DATE",
            help="YYYY-MM-DD, today or yesterday (default today).",
            show_default=False,
        ),
    ] = "today",
    kind: KindOption = None,
    clock: TimeOption = None,
    dose: DoseOption = None,
    unit: UnitOption = None,
    course: CourseOption = None,
    note: NoteOption = None,
    dissociation: tolerability.DissociationOption = None,
    nausea: tolerability.NauseaOption = None,
    bp_before: tolerability.BpBeforeOption = None,
    bp_after: tolerability.BpAfterOption = None,
    db: DbOption = None,
) -> None:
    """Log a treatment session (today unless a date is given).

    How the session was tolerated is optional: dissociation and nausea 0–3 (self-rated),
    blood pressure before and after. In a terminal, without any of these options, anxlog
    asks for them briefly; Enter skips each question.

    \b
    Example:
      anxlog session add --kind ketamine-iv --dose 0.5 --unit mg/kg --course induction
      anxlog session add 2026-11-20 --kind esketamine-nasal --dose 56 --unit mg --time 10:30
      anxlog session add --kind ketamine-iv --dissociation 2 --nausea 1 --bp-before 128/82
    """
    if kind is None:
        raise InputError(
            f"--kind is required: name the kind of session, e.g. {', '.join(SUGGESTED_KINDS[:3])}."
        )
    values: dict[str, Any] = {
        "day": dates.parse_day(day_text, what="DATE").isoformat(),
        "time": dates.parse_time(clock) if clock is not None else None,
        "kind": parse_kind(kind),
        "dose": parse_dose(dose) if dose is not None else None,
        "unit": parse_unit(unit) if unit is not None else None,
        "course": options.stored_text(course.strip() or None, "--course") if course else None,
        "note": options.stored_text(note or None, "--note"),
    }
    _check_dose_pair(values["dose"], values["unit"])
    felt = tolerability.columns(dissociation, nausea, bp_before, bp_after)
    if not felt and tolerability.in_terminal():
        felt = tolerability.ask()
    values.update(felt)
    store = open_store(ctx, db, create=True)
    session = store.add_session(values)
    order = store.session_order()
    dose_text = f", {session.dose_text()}" if session.dose is not None else ""
    later = len(order) - order[session.id]  # logged after the fact, before other sessions
    place = f" (by date the {ordinal(order[session.id])} of your {len(order)})" if later else ""
    typer.echo(
        f"Saved session {session.id}: {session.day.isoformat()}, "
        f"{escape_controls(session.kind)}{dose_text}{place}."
    )


@app.command("list", cls=AnxlogCommand, short_help="List the sessions.")
def list_(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List sessions in treatment order: their id, and their place in that order.

    \b
    Example:
      anxlog session list
      anxlog session list --json
    """
    first, last = options.period(since, until)
    store = open_store(ctx, db, write=False)
    sessions = store.sessions(since=first, until=last)
    if as_json:
        print_json([session.to_json() for session in sessions])
        return
    from ..present.tables import make_console, sessions_table

    console = make_console()
    if not sessions:
        if (first is None and last is None) or not store.sessions():
            console.print("No sessions logged yet. Add one with 'anxlog session add --kind …'.")
        else:
            from ..present.tables import period_words

            console.print(f"No sessions {period_words(first, last)}.")
        return
    console.print(sessions_table(sessions, store.session_order()))


@app.command("edit", cls=AnxlogCommand, short_help="Correct a session.")
def edit(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(metavar="ID", help="Session id (see session list).")],
    day_text: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help="New day: YYYY-MM-DD, today, yesterday."),
    ] = None,
    kind: KindOption = None,
    clock: TimeOption = None,
    dose: DoseOption = None,
    unit: UnitOption = None,
    course: CourseOption = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="New note ('' removes it).")
    ] = None,
    no_dose: Annotated[bool, typer.Option("--no-dose", help="Remove the dose and unit.")] = False,
    dissociation: tolerability.DissociationOption = None,
    nausea: tolerability.NauseaOption = None,
    bp_before: tolerability.BpBeforeOption = None,
    bp_after: tolerability.BpAfterOption = None,
    db: DbOption = None,
) -> None:
    """Correct a session: day, time, kind, dose, course, note or tolerability.

    An empty value ('') removes a note, time, dissociation, nausea or blood pressure.

    \b
    Example:
      anxlog session edit 3 --dose 0.75 --unit mg/kg
      anxlog session edit 3 --date 2026-11-19 --course maintenance
      anxlog session edit 3 --nausea 2 --bp-after 138/88
      anxlog session edit 3 --bp-before ''
    """
    changes: dict[str, Any] = {}
    if day_text is not None:
        changes["day"] = dates.parse_day(day_text).isoformat()
    if clock is not None:
        changes["time"] = dates.parse_time(clock) if clock.strip() else None
    if kind is not None:
        changes["kind"] = parse_kind(kind)
    if dose is not None:
        changes["dose"] = parse_dose(dose)
    if unit is not None:
        changes["unit"] = parse_unit(unit)
    if no_dose:
        if dose is not None or unit is not None:
            raise InputError("--no-dose removes the dose: leave out --dose and --unit with it.")
        changes["dose"] = changes["unit"] = None
    if course is not None:
        changes["course"] = options.stored_text(course.strip() or None, "--course")
    if note is not None:
        changes["note"] = options.stored_text(note or None, "--note")
    changes.update(tolerability.columns(dissociation, nausea, bp_before, bp_after))
    if not changes:
        raise InputError(
            "Nothing to change: give --date, --time, --kind, --dose/--unit, --course, --note, "
            f"{tolerability.OPTION_NAMES}."
        )
    chosen_id = options.record_id(session_id, "session", "anxlog session list")
    store = open_store(ctx, db)
    current = store.session(chosen_id)
    _check_dose_pair(changes.get("dose", current.dose), changes.get("unit", current.unit))
    order_before = store.session_order()[chosen_id]
    session = store.update_session(chosen_id, changes)
    differences = _differences(current, session)
    if not differences:
        typer.echo(f"Session {session.id} already had these values: nothing changed.")
        return
    order_after = store.session_order()[chosen_id]
    if order_after != order_before:
        differences.append(
            f"place in the treatment order {ordinal(order_before)} → {ordinal(order_after)}"
        )
    typer.echo(f"Updated session {session.id}: {'; '.join(differences)}.")


def _differences(old: Session, new: Session) -> list[str]:
    """'dose 0.5 mg/kg → 0.75 mg/kg' for each field that changed."""

    def shown(session: Session, field: str) -> str:
        value = {
            "date": session.day.isoformat(),
            "time": session.time,
            "kind": session.kind,
            "dose": session.dose_text(),
            "course": session.course,
            "note": session.note,
        }[field]
        return escape_controls(value) if value else "none"

    fields = ("date", "time", "kind", "dose", "course", "note")
    return [
        f"{field} {shown(old, field)} → {shown(new, field)}"
        for field in fields
        if shown(old, field) != shown(new, field)
    ]


@app.command("rm", cls=AnxlogCommand, short_help="Delete a session.")
def rm(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(metavar="ID", help="Session id (see session list).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a session (asks first unless --yes).

    \b
    Example:
      anxlog session rm 3 --yes
    """
    chosen_id = options.record_id(session_id, "session", "anxlog session list")
    store = open_store(ctx, db)
    session = store.session(chosen_id)
    summary = f"session {session.id} ({session.day.isoformat()}, {escape_controls(session.kind)})"
    if not yes and not typer.confirm(f"Delete {summary}?", default=False):
        typer.echo("Nothing was deleted.")
        raise typer.Exit(1)
    store.delete_session(chosen_id)
    typer.echo(f"Deleted {summary}.")
