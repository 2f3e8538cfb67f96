"""anxlog's command line: ``app`` is the Typer application, ``main`` its entry point."""

from . import demo, events, exchange, maintenance, ratings, report, sessions, status, trend
from .app import app, main

__all__ = [
    "app",
    "demo",
    "events",
    "exchange",
    "main",
    "maintenance",
    "ratings",
    "report",
    "sessions",
    "status",
    "trend",
]
