"""anxlog never opens a network connection.

Inside the test process the conftest fixture makes every socket fail. Here the real CLI
runs as its own processes with an audit hook (PEP 578) that writes down every socket
event; after a day's commands, reports and exports, that record must still be empty.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NetworkBlocked
from helpers_faults import SEVEN, instrumented

# Setup code: every socket, HTTP or URL event is appended to $ANXLOG_TEST_NETWORK_LOG.
WATCH_NETWORK = """
import os, sys
def _watch(event, args):
    if event.startswith(("socket.", "http.", "urllib.", "ftplib.", "smtplib.", "webbrowser.")):
        with open(os.environ["ANXLOG_TEST_NETWORK_LOG"], "a") as log:
            log.write(f"{event} {args!r}\\n")
sys.addaudithook(_watch)
"""


def test_opening_a_socket_fails_in_tests() -> None:
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))


def _watched_env(log: Path) -> dict[str, str]:
    return {**os.environ, "ANXLOG_TEST_NETWORK_LOG": str(log)}


def test_the_watch_sees_a_socket(tmp_path: Path) -> None:
    """The hook does record a connection attempt, so an empty record means none was made."""
    log = tmp_path / "network.log"
    program = WATCH_NETWORK + (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1).close()\n"
        "except OSError:\n"
        "    pass\n"
    )
    subprocess.run([sys.executable, "-c", program], env=_watched_env(log), check=True)
    events = [line.split()[0] for line in log.read_text().splitlines()]
    assert "socket.__new__" in events and "socket.connect" in events


def test_the_cli_opens_no_socket(tmp_path: Path) -> None:
    db = tmp_path / "data" / "anxlog.db"
    db.parent.mkdir()  # anxlog makes only its default folder
    log = tmp_path / "network.log"
    commands = [
        ["rate", *SEVEN, "--note", "calm, mostly"],
        ["rate", "--gad7", *SEVEN, "--difficulty", "1"],
        ["session", "add", "--kind", "ketamine-iv", "--dose", "0.5", "--unit", "mg/kg"],
        ["status"],
        ["trend"],
        ["trend", "--json"],
        ["history", "--json"],
        ["export", "ratings", "--out", str(tmp_path / "ratings.csv")],
        ["export", "daily", "--format", "json"],
        ["export", "fhir", "--out", str(tmp_path / "fhir.json")],
        ["import", str(tmp_path / "ratings.csv")],
        ["report", "--out", str(tmp_path / "report.html")],
        ["backup", str(tmp_path / "backup.db")],
        ["check"],
        ["where"],
    ]
    for args in commands:
        done = subprocess.run(
            instrumented(WATCH_NETWORK, db, *args),
            capture_output=True,
            text=True,
            env={**_watched_env(log), "COLUMNS": "100"},
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert done.returncode == 0, (args, done.stderr)
        assert not log.exists(), (args, log.read_text())
    demo = subprocess.run(
        instrumented(WATCH_NETWORK, tmp_path / "demo.db", "demo", "--db", str(tmp_path / "d.db")),
        capture_output=True,
        text=True,
        env=_watched_env(log),
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    assert not log.exists(), log.read_text()
