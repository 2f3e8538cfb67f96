"""Storage: the one SQLite file. Only this package talks SQL.

- ``location``: where the file lives and the checks made before SQLite opens it;
- ``opening``: opening and creating the file, schema version, migrations, transactions;
- ``store``: every query (ratings, sessions, settings, bulk import);
- ``upkeep``: ``anxlog check`` and ``anxlog backup``.
"""

from .location import (
    BUSY_TIMEOUT_ENV,
    BUSY_TIMEOUT_SECONDS,
    ENV_VAR,
    busy_timeout,
    check_folder,
    default_path,
    demo_path,
    no_database,
    resolve_path,
)
from .store import SCHEMA_VERSION, RatingInput, Store
from .upkeep import CheckReport, backup, check, known_migrations

__all__ = [
    "BUSY_TIMEOUT_ENV",
    "BUSY_TIMEOUT_SECONDS",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "CheckReport",
    "RatingInput",
    "Store",
    "backup",
    "busy_timeout",
    "check",
    "check_folder",
    "default_path",
    "demo_path",
    "known_migrations",
    "no_database",
    "resolve_path",
]
