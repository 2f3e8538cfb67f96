"""The Typer application, its global options and the one place errors become exit codes.

Only the ``cli`` package knows Typer. Storage and everything heavy is imported
inside the commands that need it, so ``anxlog --help`` stays quick.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import AnxlogError, Cancelled

if TYPE_CHECKING:
    from ..storage import Store

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _say_error(message: str, debug: bool = False) -> None:
    """The one line on stderr; with --debug, the traceback of the error being handled first."""
    if debug:
        import traceback

        traceback.print_exc()
    from ..present.text import escape_controls

    # messages quote what was typed and name files: shown, never obeyed by the terminal
    sys.stderr.write(f"Error: {escape_controls(message)}\n")
    sys.stderr.flush()


def _say(message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def _is_usage_error(error: Exception) -> bool:
    """An error of the command line itself, as Typer's Click raises it (an unknown option,
    a missing argument): known by ClickException's public interface."""
    return isinstance(getattr(error, "exit_code", None), int) and callable(
        getattr(error, "format_message", None)
    )


def _commands_with_option(ctx: Any, option: str) -> list[str]:
    """The command paths ('anxlog trend') that do take ``option``."""
    found: list[str] = []

    def walk(command: Any, path: str) -> None:
        if any(option in param.opts for param in command.params):
            found.append(path)
        group_ctx = typer.Context(command, info_name=path)
        for name in getattr(command, "list_commands", lambda _: [])(group_ctx):
            walk(command.get_command(group_ctx, name), f"{path} {name}")

    root = ctx.find_root()
    walk(root.command, root.info_name or "anxlog")
    return found


def _say_usage_error(error: Any) -> int:
    """One line for a mistake on the command line; exit status 2 with or without --debug."""
    message = error.format_message()
    if message.startswith("Usage:"):  # a group called without a command: its help
        sys.stderr.write(message.rstrip("\n") + "\n")
        return int(error.exit_code)
    ctx = getattr(error, "ctx", None)
    where = ctx.command_path if ctx is not None else "anxlog"
    option = getattr(error, "option_name", None)
    if ctx is not None and isinstance(option, str):
        elsewhere = [path for path in _commands_with_option(ctx, option) if path != where]
        if elsewhere:  # e.g. report --item: say which command has it, not a near miss
            others = " and ".join(f"'{path}'" for path in elsewhere[:2])
            message = f"'{where}' has no option {option} ({others} {_has(elsewhere)} it)"
    message = message.rstrip(".")
    end = "" if message.endswith("?") else "."  # "Did you mean 'trend'?" keeps its ?
    _say_error(f"{message}{end} See '{where} --help'.")
    return int(error.exit_code)


def _has(paths: list[str]) -> str:
    return "has" if len(paths) == 1 else "have"


COMMAND_ORDER = (
    "rate",
    "status",
    "trend",
    "history",
    "edit",
    "rm",
    "session",
    "event",
    "export",
    "import",
    "report",
    "backup",
    "check",
    "demo",
    "where",
)


class AnxlogGroup(TyperGroup):
    """Turns every failure into one line on stderr and an exit status, in one place."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands in the order of a day's use, not of registration."""
        names = super().list_commands(ctx)
        known = [name for name in COMMAND_ORDER if name in names]
        return known + sorted(set(names) - set(known))

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv  # only adds the traceback: exit statuses stay the same
        try:
            result = super().main(
                args=argv,
                prog_name="anxlog",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except Cancelled as error:
            _say(error.message)  # the person's own choice, not an error
            code = error.exit_code
        except AnxlogError as error:
            _say_error(error.message, debug)
            code = error.exit_code
        except typer.Abort as error:
            # at a question such as rm's "Delete …?": Ctrl-C is the person's choice; the end
            # of the input (a script, no terminal) is a failure
            if isinstance(error.__cause__ or error.__context__, KeyboardInterrupt):
                _say(Cancelled.CHANGED)
                code = Cancelled.exit_code
            else:
                _say_error(Cancelled.CHANGED)
                code = 1
        except Exception as error:
            if not _is_usage_error(error):
                raise  # a bug: storage names every database failure as an AnxlogError
            code = _say_usage_error(error)
        if standalone_mode:
            sys.exit(code)
        return code


class AnxlogCommand(TyperCommand):
    """A command whose usage line reads as written: 'anxlog rm [OPTIONS] ID', where newer
    Typer releases write a required argument as '{ID}'."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [piece[1:-1] if piece[:1] + piece[-1:] == "{}" else piece for piece in pieces]


app = typer.Typer(
    cls=AnxlogGroup,
    context_settings=CONTEXT,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion and --show-completion, as in every Typer CLI
    epilog="Data stays in one SQLite file on this machine ('anxlog where' shows it).",
)


@dataclass
class Settings:
    db: str | None = None
    debug: bool = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"anxlog {__version__}")
        raise typer.Exit()


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Database file (default: $ANXLOG_DB, else your user data folder).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]


@app.callback()
def root(
    ctx: typer.Context,
    db: DbOption = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something fails.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track anxiety day by day and see whether a series of sessions gives lasting relief.

    \b
    Daily routine:
      anxlog rate                 answer the seven questions, one key each
      anxlog session add --kind ketamine-iv --dose 0.5 --unit mg/kg
      anxlog trend                is the series giving sustained relief?

    \b
    Example:
      anxlog --db ~/anxlog-test.db rate 1 2 1 0 2 1 1
    """
    ctx.obj = Settings(db=db, debug=debug)


def db_path(ctx: typer.Context, db: str | None) -> Path:
    from ..storage import resolve_path

    settings = ctx.find_object(Settings)
    return resolve_path(db or (settings.db if settings else None))


def open_store(
    ctx: typer.Context, db: str | None, *, write: bool = True, create: bool = False
) -> "Store":
    """The database in use. Only the commands that add records (``create``) make a missing
    one, and only in a folder that exists (or the default folder); every other command
    refuses it, so a mistyped --db never leaves an empty database behind."""
    from ..storage import Store, check_folder

    path = db_path(ctx, db)
    if create and not path.exists():
        check_folder(path)
    store = Store.open(path, write=write, create=create)
    ctx.call_on_close(store.close)  # closed when the command ends, even on failure
    return store


def print_json(value: Any) -> None:
    import json

    from ..present.text import json_escaped

    # no indent: the C encoder, ~10x faster on 100 years of days; pipe to `jq` to read it
    typer.echo(json_escaped(json.dumps(value, ensure_ascii=False)))


def main() -> None:
    app()
