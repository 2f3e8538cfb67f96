"""Plain-text helpers shared by every view (no rich import: the quick path uses them)."""

from __future__ import annotations

import math
import unicodedata

MISSING = "–"


def literal(text: str | None) -> str:
    """User text made safe to print: control characters shown as escapes, never obeyed.

    Rich markup such as ``[red]`` is left as typed; views pass the result to rich as
    ``Text`` (never as markup), so it shows literally too.
    """
    if not text:
        return ""
    shown = []
    for char in text:
        if char == "\n":
            shown.append("\\n")
        elif char == "\t":
            shown.append("\\t")
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            shown.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        else:
            shown.append(char)
    return "".join(shown)


def number(value: float | None, digits: int = 1) -> str:
    """A statistic for people: fixed decimals, '–' when it cannot be computed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{value:.{digits}f}"


def signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return MISSING
    if round(value, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}".replace("-", "−")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def yes_no(value: bool | None) -> str:
    if value is None:
        return MISSING
    return "yes" if value else "no"
