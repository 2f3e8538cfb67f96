"""The socket block in conftest really blocks: so a passing suite proves no network use."""

from __future__ import annotations

import socket

import pytest
from conftest import NetworkBlocked, Run


def test_opening_a_socket_fails_in_tests() -> None:
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))


def test_the_cli_works_without_any_socket(run: Run) -> None:
    assert run("rate", "1", "2", "1", "0", "2", "1", "1").exit_code == 0
    assert run("trend").exit_code == 0
    assert run("status").exit_code == 0
