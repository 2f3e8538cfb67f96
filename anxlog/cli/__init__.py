"""anxlog's command line: ``app`` is the Typer application, ``main`` its entry point."""

from . import ratings, sessions
from .app import app, main

__all__ = ["app", "main", "ratings", "sessions"]
