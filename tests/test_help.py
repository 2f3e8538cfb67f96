"""Help written for a person, and shell completion as in every Typer CLI.

CI runs this file on the newest and the oldest Typer allowed (.ci/run), whose help
output differs (e.g. 0.28 writes a required argument as '{ID}')."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from anxlog.cli import app

# what Typer writes for a parameter that has no metavar of anxlog's own, or a range
MACHINE_METAVARS = [
    r"<(list|int|str|float|bool|path|text)\b[^>]*>",  # ANSWERS <list[str]>, ID <int>
    r"\{[A-Z_]+\}",  # {ID}, {TABLE}
    r"\[?x\s*[<>]=?\s*\d",  # [x>=1]
    r"\b(INTEGER|FLOAT|BOOLEAN)\b",  # Click's type names (TEXT is anxlog's own, for notes)
]


def command_paths() -> list[list[str]]:
    """Every command and group, as the words typed after 'anxlog'."""
    paths: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        paths.append(path)
        ctx = typer.Context(command)
        for name in getattr(command, "list_commands", lambda _: [])(ctx):
            walk(command.get_command(ctx, name), [*path, name])

    walk(get_command(app), [])
    return paths


def help_of(path: list[str], columns: int = 100) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_command_is_walked() -> None:
    names = {" ".join(path) for path in command_paths()}
    assert {"", "rate", "rm", "session", "session edit", "export", "demo", "where"} <= names
    assert len(names) == 24


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "anxlog")
def test_help_reads_as_written_for_a_person(path: list[str]) -> None:
    text = help_of(path)
    for pattern in MACHINE_METAVARS:
        assert not re.search(pattern, text), (pattern, text)
    assert "Example:" in text
    assert "SPEC" not in text


@pytest.mark.parametrize("columns", [40, 80, 120, 200])
def test_the_command_list_is_never_cut_mid_sentence(columns: int) -> None:
    text = help_of([], columns)
    listing = text[text.index("Commands:") :]
    assert "..." not in listing and "…" not in listing
    words = " ".join(listing.split())
    root: Any = get_command(app)  # a group: it has commands
    ctx = typer.Context(root)
    for name in root.list_commands(ctx):
        short = root.get_command(ctx, name).get_short_help_str()
        assert f"{name} {short}" in words, (columns, name)
        assert short[-1] in ".?", name


def test_mcid_is_explained_where_it_is_used() -> None:
    text = " ".join(help_of(["trend"]).split())
    assert "minimal clinically important difference (MCID)" in text


def test_report_help_and_a_misplaced_option() -> None:
    text = help_of(["report"])
    assert "--item" not in text  # the examples use only what report takes
    result = CliRunner().invoke(app, ["report", "--item", "q2"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'anxlog report' has no option --item ('anxlog trend' has it). "
        "See 'anxlog report --help'.\n"
    )


# -- shell completion ---------------------------------------------------------------------------

BIN = Path(sys.executable).parent  # where the installed 'anxlog' entry point lives


def _shell(shell: str, script: str, home: Path) -> str:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(home)}
    done = subprocess.run(
        [shell, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return done.stdout


def _complete(shell: str, words: str) -> list[str]:
    """What anxlog offers to the shell for the command line typed so far (Typer's protocol)."""
    env = {**os.environ, "_ANXLOG_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run(
        [sys.executable, "-m", "anxlog"], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_tables_choices_and_sub_commands(shell: str) -> None:
    offered = {
        words: " ".join(_complete(shell, words))
        for words in (
            "anxlog export ",
            "anxlog trend --instrument ",
            "anxlog report --item q",
            "anxlog trend --item q",
            "anxlog session ",
            "anxlog ",
        )
    }
    for table in ("ratings", "daily", "sessions", "fhir"):
        assert table in offered["anxlog export "]
    assert "daily" in offered["anxlog trend --instrument "]
    assert "gad7" in offered["anxlog trend --instrument "]
    assert all(f"q{n}" in offered["anxlog trend --item q"] for n in range(1, 8))
    assert all(name in offered["anxlog session "] for name in ("add", "list", "edit", "rm"))
    assert "status" in offered["anxlog "] and "demo" in offered["anxlog "]


def test_show_completion_in_a_real_bash(tmp_path: Path) -> None:
    script = (
        'eval "$(anxlog --show-completion)"; COMP_WORDS=(anxlog trend --item ""); '
        'COMP_CWORD=3; _anxlog_completion anxlog; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    assert _shell("bash", script, tmp_path).split() == [f"q{n}" for n in range(1, 8)]


def test_show_completion_in_zsh(tmp_path: Path) -> None:
    out = _shell("zsh", "anxlog --show-completion; true", tmp_path)  # '; true': no exec
    assert out.startswith("#compdef anxlog") and "_ANXLOG_COMPLETE=complete_zsh" in out


def test_show_completion_in_a_real_fish(tmp_path: Path) -> None:
    script = 'anxlog --show-completion | source; complete -C "anxlog export "'
    offered = [line.split("\t")[0] for line in _shell("fish", script, tmp_path).splitlines()]
    assert sorted(offered) == ["daily", "events", "fhir", "ratings", "sessions"]


def test_install_completion_for_bash(tmp_path: Path) -> None:
    out = _shell("bash", "anxlog --install-completion; true", tmp_path)
    installed = tmp_path / ".bash_completions" / "anxlog.sh"
    assert f"bash completion installed in {installed}" in out
    assert "_ANXLOG_COMPLETE=complete_bash" in installed.read_text()
    assert f"source '{installed}'" in (tmp_path / ".bashrc").read_text()
