"""Numbers as people type them: ASCII digits only, finite, within stated bounds.

``int()`` and ``float()`` also take '٣', '1_0', 'nan' and 'inf', and a huge digit
string becomes an integer SQLite cannot hold; every number anxlog reads from a command
line or an import file is matched against these patterns first.
"""

from __future__ import annotations

import math
import re

WHOLE = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
LARGEST_ID = 2**63 - 1  # SQLite's integers: no id beyond this exists


def whole(text: str, low: int, high: int) -> int | None:
    """The whole number ``text`` spells if it lies in low … high, else None."""
    stripped = text.strip()
    if not WHOLE.fullmatch(stripped) or len(stripped.lstrip("+-").lstrip("0")) > 20:
        return None  # never int() of a huge digit string
    value = int(stripped)
    return value if low <= value <= high else None


def decimal(text: str, low: float, high: float) -> float | None:
    """The finite number ``text`` spells if it lies in low … high, else None."""
    stripped = text.strip()
    if not DECIMAL.fullmatch(stripped):
        return None
    try:
        value = float(stripped)
    except OverflowError:  # pragma: no cover - float() gives inf rather than raising
        return None
    return value if math.isfinite(value) and low <= value <= high else None
