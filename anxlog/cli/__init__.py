"""anxlog's command line: ``app`` is the Typer application, ``main`` its entry point."""

from . import exchange, ratings, sessions, trend
from .app import app, main

__all__ = ["app", "exchange", "main", "ratings", "sessions", "trend"]
