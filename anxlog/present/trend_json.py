"""`trend --json` as text: exactly ``json.dumps(trend.to_json(instrument))``, written fast.

The "days" array is most of the document (one object per rated day: 36,500 over 100
years). It is joined here in one go from the days' columns: each distinct number is
turned into text once (daily values and 7-day means repeat a lot), and the pieces of
all days are laid side by side in one list for a single join, which is several times
quicker than building a dict per day for json. The rest of the document goes through
json as usual. A test holds the two to the same bytes.
"""

from __future__ import annotations

import json

from ..analysis.trend import Trend


def trend_json(trend: Trend, instrument: str) -> str:
    """One line of JSON, as ``json.dumps(..., ensure_ascii=False)`` would write it."""
    head, tail = trend.json_parts(instrument)
    head_text = json.dumps(head, ensure_ascii=False)
    tail_text = json.dumps(tail, ensure_ascii=False)
    return f'{head_text[:-1]}, "days": [{_days_text(trend)}], {tail_text[1:]}'


def _days_text(trend: Trend) -> str:
    rated, means = trend.rated, trend.means
    if not rated.iso:
        return ""
    # json writes a float as repr(float). Values and means are floats (divisions), never
    # -0.0, nan or inf (means of counts), so a number's text depends on its value alone
    texts: dict[float | None, str] = {number: repr(number) for number in {*rated.values, *means}}
    texts[None] = "null"
    # what stands between a day and its trailing mean, for each (value, count) there is
    middle = '", "value": %s, "n": %d, "trailing_mean": '
    pairs = zip(rated.values, rated.counts, strict=True)
    middles = {pair: middle % (texts[pair[0]], pair[1]) for pair in set(pairs)}
    # every day is: day, middle, mean, then the text that ends it and opens the next
    pieces = ['}, {"day": "'] * (4 * len(rated.iso))
    pieces[0::4] = rated.iso
    pieces[1::4] = map(middles.__getitem__, zip(rated.values, rated.counts, strict=True))
    pieces[2::4] = map(texts.__getitem__, means)
    pieces[-1] = "}"
    return '{"day": "' + "".join(pieces)
