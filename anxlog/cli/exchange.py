"""Commands that hand data over: export (CSV, JSON, FHIR) and import."""

import contextlib
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from .. import dates
from ..errors import DatabaseError, InputError
from ..instrument import DAILY
from ..present.text import escape_controls
from . import options
from .app import AnxlogCommand, DbOption, app, db_path, open_store

if TYPE_CHECKING:
    from datetime import date

    from ..exchange.tables import Cell, Row
    from ..storage import Store

TABLES = ("ratings", "daily", "sessions", "events", "fhir")
TABLE_HELP = {
    "ratings": "one row per rating, item by item",
    "daily": "one row per rated day",
    "sessions": "one row per session",
    "events": "one row per other change (medication, therapy)",
    "fhir": "a FHIR R4 Bundle of everything",
}
FORMATS = ("csv", "json")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s|]+")  # scheme ":" something (RFC 3986)
PATIENT_ID_KEY = "fhir_patient_id"


def _complete_table(incomplete: str) -> list[tuple[str, str]]:
    return [(name, TABLE_HELP[name]) for name in TABLES if name.startswith(incomplete.lower())]


def _complete_format(incomplete: str) -> list[str]:
    return [name for name in FORMATS if name.startswith(incomplete.lower())]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _check_options(table: str, fmt: str | None, instrument: str | None, excel: bool) -> None:
    """Every option that does not fit the chosen table is refused before any work."""
    if table == "fhir" and fmt == "csv":
        raise InputError("export fhir writes FHIR JSON: leave out --format csv.")
    if excel and (table == "fhir" or fmt == "json"):
        raise InputError("--excel adds a byte order mark to CSV: leave it out for JSON and FHIR.")
    if instrument is not None and table in ("sessions", "events"):
        raise InputError(f"--instrument selects ratings: leave it out for the {table} table.")


def _check_fhir_options(
    table: str, patient_name: str | None, bundle: str | None, patient_identifier: str | None
) -> tuple[str, tuple[str, str] | None]:
    """The FHIR-only options, checked: the bundle type, and the clinic's (system, value)
    if given."""
    for option, value in (
        ("--patient-name", patient_name),
        ("--bundle", bundle),
        ("--patient-identifier", patient_identifier),
    ):
        if value is not None and table != "fhir":
            raise InputError(f"{option} belongs to 'export fhir': leave it out here.")
    if patient_name is not None and not patient_name.strip():
        raise InputError("--patient-name is empty: give a name, or leave the option out.")
    bundle_type = "collection"
    if bundle is not None:
        from ..exchange.fhir import BUNDLE_TYPES

        bundle_type = options.choice(bundle, "--bundle", BUNDLE_TYPES)
    identifier = None if patient_identifier is None else _identifier(patient_identifier)
    return bundle_type, identifier


def _identifier(text: str) -> tuple[str, str]:
    """SYSTEM|VALUE: the clinic's identifier system (a URI) and the patient's value in it."""
    system, bar, value = (part.strip() for part in text.partition("|"))
    problem = None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        problem = "it holds a control character"
    elif not bar:
        problem = "it has no '|'"
    elif not URI.fullmatch(system):
        problem = f"{system!r} before the '|' is not a URI"
    elif not value:
        problem = "nothing follows the '|'"
    if problem:
        raise InputError(
            f"--patient-identifier {text!r} is not SYSTEM|VALUE ({problem}): give the "
            "clinic's identifier system and the patient's identifier in it, e.g. "
            "urn:oid:1.2.36.146.595.217.0.1|12345 or https://clinic.example/mrn|12345."
        )
    return system, value


@app.command(cls=AnxlogCommand, short_help="Export as CSV, JSON or FHIR.")
def export(
    ctx: typer.Context,
    table: Annotated[
        str,
        typer.Argument(
            metavar="TABLE",
            help="ratings, daily, sessions, events or fhir.",
            autocompletion=_complete_table,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="csv|json",
            help="CSV (default) or JSON.",
            autocompletion=_complete_format,
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD.")] = None,
    instrument: Annotated[
        str | None,
        typer.Option(
            metavar="daily|gad7",
            help="Only 'daily' or only 'gad7' ratings (daily table: default daily).",
            autocompletion=options.complete_instrument,
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", metavar="FILE", help="Write to FILE (0600) instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help="Start the CSV with a byte order mark for Excel.")
    ] = False,
    patient_name: Annotated[
        str | None,
        typer.Option(
            "--patient-name", metavar="NAME", help="fhir: name the Patient (default: no name)."
        ),
    ] = None,
    bundle: Annotated[
        str | None,
        typer.Option(
            "--bundle",
            metavar="collection|transaction",
            help="fhir: a collection to read (default), or a transaction to load into a "
            "FHIR server (conditional creates: loading it twice adds nothing twice).",
        ),
    ] = None,
    patient_identifier: Annotated[
        str | None,
        typer.Option(
            "--patient-identifier",
            metavar="SYSTEM|VALUE",
            help="fhir: the clinic's own patient identifier, instead of anxlog's random id.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export ratings, daily values, sessions or events as CSV/JSON, or everything as FHIR.

    ratings: one row per rating, item by item. daily: one row per rated day (the
    daily value, its trailing 7-day mean, the session of that day). sessions: one
    row per session, with its id, its place in the treatment order and how it was
    tolerated. events: one row per other change (medication, therapy…). fhir: a FHIR
    R4 Bundle for a provider, a collection to read or (--bundle transaction) a
    transaction a FHIR server loads; --patient-identifier gives the Patient the
    clinic's identifier. Prints to stdout unless --out is given; text cells that a
    spreadsheet could run as a formula start with a single quote.

    \b
    Example:
      anxlog export ratings > ratings.csv
      anxlog export daily --since 2026-10-01 --excel --out daily.csv
      anxlog export sessions --format json
      anxlog export events --out events.csv
      anxlog export fhir --patient-name "Sam Doe" --out anxlog-fhir.json
      anxlog export fhir --bundle transaction --out load.json
      anxlog export fhir --patient-identifier "https://clinic.example/mrn|12345"
    """
    table = options.choice(table, "TABLE", TABLES)
    fmt = None if fmt is None else options.choice(fmt, "--format", FORMATS)
    instrument = None if instrument is None else options.instrument(instrument)
    _check_options(table, fmt, instrument, excel)
    bundle_type, identifier = _check_fhir_options(table, patient_name, bundle, patient_identifier)
    first, last = options.period(since, until)
    target = Path(out).expanduser() if out is not None else None
    if target is not None:
        from ..files import check_target

        database = db_path(ctx, db).resolve()
        if target.resolve() in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            raise InputError(f"--out {target} is the database itself: choose another file name.")
        check_target(target, force=force)

    store = open_store(ctx, db, write=False)
    noun = "FHIR resource" if table == "fhir" else "row"
    with _output(target, force) as stream:
        if table == "fhir":
            data, count = _fhir(
                store,
                first,
                last,
                instrument,
                patient_name,
                bundle_type=bundle_type,
                patient_identifier=identifier,
            )
            stream.write(data)
        elif fmt == "json":
            from ..exchange import csvfile

            rows = _json_rows(store, table, first, last, instrument)
            stream.write(csvfile.to_json(rows))
            count = len(rows)
        else:
            from ..exchange import csvfile, tables

            cells = _csv_rows(store, table, first, last, instrument)
            count = csvfile.write_csv(stream, tables.COLUMNS[table], cells, excel=excel)
    if target is not None:
        typer.echo(f"Wrote {_plural(count, noun)} to {escape_controls(str(target))}.", err=True)


@contextlib.contextmanager
def _output(target: Path | None, force: bool) -> Iterator[BinaryIO]:
    """Where the export goes: the --out file (whole, or not at all) or stdout."""
    if target is not None:
        from ..files import atomic_file

        with atomic_file(target, force=force) as handle:
            yield handle
        return
    stdout = typer.get_binary_stream("stdout")
    try:
        yield stdout
        stdout.flush()
    except BrokenPipeError:  # `anxlog export ratings | head`: the reader has all it wants
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit fails no more


def _csv_rows(
    store: "Store",
    table: str,
    first: "date | None",
    last: "date | None",
    instrument: str | None,
) -> "Iterable[Sequence[Cell]]":
    """The rows of a CSV export in column order; the ratings stream from the database."""
    from ..exchange import tables

    if table == "ratings":
        stored = store.rating_rows(instrument=instrument, since=first, until=last)
        return tables.ratings_rows(stored, store.sessions())
    columns = tables.COLUMNS[table]
    rows = _json_rows(store, table, first, last, instrument)
    return ([row[column] for column in columns] for row in rows)


def _json_rows(
    store: "Store",
    table: str,
    first: "date | None",
    last: "date | None",
    instrument: str | None,
) -> list["Row"]:
    from ..exchange import tables

    if table == "ratings":
        stored = store.rating_rows(instrument=instrument, since=first, until=last)
        rows = tables.ratings_rows(stored, store.sessions())
        return [dict(zip(tables.RATINGS_COLUMNS, row, strict=True)) for row in rows]
    calendar = tables.SessionCalendar(store.sessions())
    if table == "daily":
        # the whole history, so trailing means at the start of the range see earlier days
        from ..analysis.days import Days

        days = Days.from_sums(*store.day_sums(instrument or DAILY))
        return tables.daily_rows(days, calendar, since=first, until=last)
    if table == "events":
        return tables.events_rows(store.events(since=first, until=last), calendar)
    sessions = store.sessions(since=first, until=last)
    return tables.sessions_rows(sessions, store.session_order())


def _fhir(
    store: "Store",
    first: "date | None",
    last: "date | None",
    instrument: str | None,
    patient_name: str | None,
    *,
    bundle_type: str,
    patient_identifier: tuple[str, str] | None,
) -> tuple[bytes, int]:
    """The Bundle as JSON bytes, and how many resources it holds."""
    import uuid

    from ..exchange import csvfile, fhir

    if store.read_only and store.meta(PATIENT_ID_KEY) is None:
        raise DatabaseError(
            f"{store.path} is read-only, but the first FHIR export must save the Patient id "
            "in it: make the file writable once."
        )
    patient_id = store.meta_default(PATIENT_ID_KEY, lambda: str(uuid.uuid4()))
    bundle = fhir.bundle(
        bundle_id=str(uuid.uuid4()),
        timestamp=dates.now_instant(),
        patient_id=patient_id,
        patient_name=patient_name.strip() if patient_name else None,
        ratings=store.ratings(instrument=instrument, since=first, until=last),
        sessions=store.sessions(since=first, until=last),
        events=store.events(since=first, until=last),
        bundle_type=bundle_type,
        patient_identifier=patient_identifier,
    )
    return csvfile.to_json(bundle), len(bundle["entry"])


@app.command("import", cls=AnxlogCommand, short_help="Import a ratings, sessions or events export.")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="A ratings, sessions or events export (CSV or JSON)."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only report what would be added and skipped.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Import a ratings, sessions or events export (CSV or JSON), e.g. from another machine.

    Rows whose uid is already present are skipped, so importing the same file twice
    adds nothing. Every row is checked first: one bad row stops the import and
    nothing is added.

    \b
    Example:
      anxlog import ratings.csv --dry-run
      anxlog import ratings.csv
      anxlog import sessions.json
      anxlog import events.csv
    """
    from ..exchange.importer import parse_import, plan_import, read_import_file

    path = Path(file).expanduser()
    parsed = parse_import(read_import_file(path), str(path))
    shown = escape_controls(str(path))
    if not parsed.rows:
        typer.echo(f"Nothing to import: {shown} holds no rows.")
        return
    noun = parsed.table[:-1]  # rating, session, event
    if dry_run and not db_path(ctx, db).exists():  # a new machine: everything would be added
        added = _plural(len(parsed.rows), noun)
        typer.echo(
            f"Dry run: would add {added} to a new database at {db_path(ctx, db)}; "
            "nothing was changed."
        )
        return
    store = open_store(ctx, db, write=not dry_run, create=not dry_run)
    plan = plan_import(store, parsed)
    added = _plural(len(plan.rows), noun)
    skipped = f"{plan.skipped} already present"
    if dry_run:
        typer.echo(f"Dry run: would add {added} and skip {skipped}; nothing was changed.")
        return
    if not plan.rows:
        verb = "is" if plan.skipped == 1 else "are"
        typer.echo(
            f"Nothing new: the {_plural(plan.skipped, noun)} in {shown} {verb} already here."
        )
        return
    store.insert_rows(plan.table, plan.rows)
    typer.echo(f"Imported {added} from {shown}; skipped {skipped}.")
