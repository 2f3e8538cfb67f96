"""Plain-text helpers shared by every view (no rich import: the quick path uses them)."""

from __future__ import annotations

import math
import unicodedata

MISSING = "–"


# What a terminal may obey, or what hides or reorders text for a reader: C0 controls, DEL
# and C1 controls such as \x9b (CSI) (Cc); format characters, among them the bidi
# overrides and isolates U+202A–U+202E and U+2066–U+2069 (Cf); line and paragraph
# separators (Zl, Zp); lone surrogates, which undecodable bytes in a file name become (Cs).
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# the joiners shape emoji and Persian or Indic words; they move no cursor and hide nothing
_JOINERS = frozenset({"\u200c", "\u200d"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str | None) -> str:
    """Text a person typed or a file carried, safe to show on one line of a terminal.

    Every character listed above is shown as its escape (``\\x1b``, ``\\x9b``,
    ``\\u202e``, ``\\n``), never obeyed. The one path for user text in every
    message, table and report. Rich markup such as ``[red]`` is left as typed:
    anxlog prints through consoles without markup (or as ``rich.text.Text``), so it
    shows literally too.
    """
    if not text:
        return ""
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(map(_escaped, text))


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if char in _JOINERS or unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def json_escaped(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with every hidden
    character above written as a ``\\uXXXX`` escape: json escapes C0 controls itself but
    leaves DEL, C1 controls and bidi overrides raw. The JSON means the same; a terminal it
    is printed on shows the escape instead of obeying the character."""
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(map(_json_escaped, text))


def _json_escaped(char: str) -> str:
    if char in _JOINERS or char == "\n" or unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON writes a surrogate pair beyond U+FFFF
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


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
