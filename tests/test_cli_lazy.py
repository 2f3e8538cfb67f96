"""Commands are built when used (anxlog/cli/lazy.py): listings match the real commands."""

from __future__ import annotations

import subprocess
import sys

from conftest import Run
from typer.main import get_command

from anxlog.cli import app


def _groups() -> list[object]:
    root = get_command(app)
    return [root, root.commands["session"]]  # type: ignore[attr-defined]


def test_commands_start_unbuilt() -> None:
    """The patch is in effect: if a Typer upgrade changes its internals, this says so."""
    for group in _groups():
        for name, command in group.commands.items():  # type: ignore[attr-defined]
            if name == "session":
                continue
            assert type(command).__name__ == "LazyCommand", name
            assert command._built is None, name


def test_the_listing_shows_what_the_real_commands_say() -> None:
    for group in _groups():
        for name, command in group.commands.items():  # type: ignore[attr-defined]
            if name == "session":
                continue
            real = command.real()
            assert real.name == command.name == name
            assert real.help == command.help
            assert real.hidden == command.hidden
            for limit in (30, 45, 80):
                assert real.get_short_help_str(limit) == command.get_short_help_str(limit)
            assert real.params, name  # the real one has its options


def test_a_command_runs_and_shows_its_own_help(run: Run) -> None:
    shown = run("trend", "--help")
    assert shown.exit_code == 0
    assert "--since" in shown.stdout and "Example:" in shown.stdout
    listed = run("session", "list")
    assert listed.exit_code == 0, listed.output


def test_the_top_help_builds_no_command() -> None:
    """`anxlog --help` lists names and short help only: no command is built for it."""
    script = (
        "import sys\n"
        "from typer.main import get_command\n"
        "from anxlog.cli import app\n"
        "group = get_command(app)\n"
        "try:\n"
        "    group.main(['--help'], prog_name='anxlog')\n"
        "except SystemExit:\n"
        "    pass\n"
        "built = [n for n, c in group.commands.items() if getattr(c, '_built', 1) is not None]\n"
        "sys.stderr.write(repr(built))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Commands:" in done.stdout and "trend" in done.stdout
    assert done.stderr == "['session']"  # a group is built as a group; its commands are not


def test_a_mistyped_command_gets_one_clean_suggestion(run: Run) -> None:
    result = run("trnd")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: No such command 'trnd'. Did you mean 'trend'? See 'anxlog --help'."
    )
