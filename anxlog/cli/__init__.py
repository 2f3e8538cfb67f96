"""anxlog's command line: ``app`` is the Typer application, ``main`` its entry point."""

from . import exchange, maintenance, ratings, report, sessions, trend
from .app import app, main

__all__ = ["app", "exchange", "main", "maintenance", "ratings", "report", "sessions", "trend"]
