"""Handing data over: CSV and JSON exports, the FHIR bundle, and import (issue 4).

- ``tables``: the rows of the ratings, daily and sessions exports (the documented columns).
- ``csvfile``: CSV and JSON bytes of those rows, formula neutralisation, and the readers
  the importer uses.
- ``fhir``: the FHIR R4 Bundle (collection) for a provider.
- ``importer``: reading anxlog's own ratings, sessions or events export back, all or nothing.

No module here knows Typer or rich; failures leave as ``AnxlogError``.
"""
