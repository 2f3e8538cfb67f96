"""Commands that look after the database file: backup and check."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import AnxlogError
from ..present.text import escape_controls
from .app import AnxlogCommand, DbOption, app, db_path

if TYPE_CHECKING:
    from ..storage import CheckReport

SHOWN_FINDINGS = 10  # a badly damaged file can yield a hundred integrity lines


@app.command(cls=AnxlogCommand, short_help="Copy the database safely.")
def backup(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="PATH", help="The backup file to write (0600).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing PATH.")] = False,
    db: DbOption = None,
) -> None:
    """Copy the database to PATH: a consistent snapshot, even while anxlog writes.

    Uses SQLite's online backup API, so the copy is sound even if another anxlog
    is saving at that moment. The copy is a complete anxlog database: open it
    with --db PATH. Never replaces an existing file unless --force is given.

    \b
    Example:
      anxlog backup ~/backups/anxlog-2026-11-20.db
      anxlog backup /media/usb/anxlog.db --force
    """
    from ..files import check_target
    from ..storage import Store
    from ..storage import backup as copy_database

    path = Path(target).expanduser()
    check_target(path, force=force)
    store = Store.open_as_is(db_path(ctx, db))
    ctx.call_on_close(store.close)
    copy_database(store, path, force=force)
    typer.echo(f"Backed up {escape_controls(str(store.path))} to {escape_controls(str(path))}.")


@app.command(cls=AnxlogCommand, short_help="Check the database file.")
def check(ctx: typer.Context, db: DbOption = None) -> None:
    """Check the database file: SQLite integrity, foreign keys and schema version.

    Reads the file without changing it (read-only files too) and prints a short
    report; exits 1 when anything is wrong.

    \b
    Example:
      anxlog check
      anxlog check --db ~/backups/anxlog-2026-11-20.db
    """
    from ..storage import Store
    from ..storage import check as check_database

    store = Store.open_as_is(db_path(ctx, db))
    ctx.call_on_close(store.close)
    report = check_database(store)
    for line in _report_lines(store.path, report):
        typer.echo(escape_controls(line))  # the path and names a damaged file holds
    if not report.ok:
        raise AnxlogError(f"{store.path} failed the check: see the report above.")


def _report_lines(path: Path, report: "CheckReport") -> list[str]:
    lines = [f"Checked {path}"]
    lines += _findings("integrity", [] if report.integrity == ["ok"] else report.integrity)
    lines += _findings("foreign keys", report.foreign_keys)
    lines.append(f"  schema:       {_schema_text(report.applied, report.expected)}")
    lines.append("All checks passed." if report.ok else "Problems found.")
    return lines


def _findings(label: str, problems: list[str]) -> list[str]:
    heading = f"  {label + ':':<13} "
    if not problems:
        return [heading + "ok"]
    lines = [heading + f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"]
    lines += [f"    {problem}" for problem in problems[:SHOWN_FINDINGS]]
    if len(problems) > SHOWN_FINDINGS:
        lines.append(f"    … and {len(problems) - SHOWN_FINDINGS} more")
    return lines


def _schema_text(applied: list[str], expected: list[str]) -> str:
    version = f"version {len(applied)} of {len(expected)}"
    if applied == expected:
        return f"{version}, up to date"
    unknown = [name for name in applied if name not in expected]
    if unknown:
        return f"{version}: written by a newer anxlog ({', '.join(unknown)}); use that release"
    if applied == expected[: len(applied)]:
        return f"{version}: from an older anxlog; any command on a writable file upgrades it"
    return f"{version}: the migration record does not match this anxlog ({', '.join(applied)})"
