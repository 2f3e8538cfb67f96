"""anxlog: a private, local anxiety tracker for a series of treatment sessions."""

__version__ = "0.1.0"
