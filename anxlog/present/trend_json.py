"""`trend --json` as text: exactly ``json.dumps(trend.to_json(instrument))``, written fast.

The "days" array is most of the document (one object per rated day: 36,500 over 100
years). It is joined here from its pieces, each distinct number turned into text once
(daily values and 7-day means repeat a lot), which is ~4x quicker than building a dict
per day for json; the rest of the document goes through json as usual.
A test holds the two to the same bytes.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import repeat
from operator import itemgetter

from ..analysis import Trend


def trend_json(trend: Trend, instrument: str) -> str:
    """One line of JSON, as ``json.dumps(..., ensure_ascii=False)`` would write it."""
    head, tail = trend.json_parts(instrument)
    head_text = json.dumps(head, ensure_ascii=False)
    tail_text = json.dumps(tail, ensure_ascii=False)
    return f'{head_text[:-1]}, "days": [{_days_text(trend)}], {tail_text[1:]}'


def _days_text(trend: Trend) -> str:
    days = trend.days
    day_list = list(map(itemgetter(0), days))
    values = list(map(itemgetter(1), days))
    counts = list(map(itemgetter(2), days))
    means = list(map(trend.trailing_means.get, day_list))
    # json writes a float as repr(float). Values and means are floats (divisions), never
    # -0.0, nan or inf (means of counts), so a number's text depends on its value alone
    texts: dict[float | None, str] = {number: repr(number) for number in {*values, *means}}
    texts[None] = "null"
    count_texts = {count: str(count) for count in set(counts)}
    number_text = texts.__getitem__
    # every piece is made by C code (map, zip, join): no Python call per day
    pieces = zip(
        repeat('{"day": "'),
        map(date.isoformat, day_list),
        repeat('", "value": '),
        map(number_text, values),
        repeat(', "n": '),
        map(count_texts.__getitem__, counts),
        repeat(', "trailing_mean": '),
        map(number_text, means),
        repeat("}"),
    )
    return ", ".join(map("".join, pieces))
