"""`trend --json`: the documented shape of the analysis, as one line of JSON.

The analysis returns values; this module gives them their JSON keys (docs/trend.md,
"trend --json"). The "days" array is most of the document (one object per rated day: 36,500
over 100 years). It is joined here in one go from the days' columns: each distinct
number is turned into text once (daily values and 7-day means repeat a lot), and the
pieces of all days are laid side by side in one list for a single join, which is
several times quicker than building a dict per day for json. The rest of the document
goes through json as usual. A test holds the whole to the bytes json.dumps would write.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..analysis.by_dose import by_dose
from ..analysis.gad7 import FollowUp
from ..analysis.sessions import SessionResult, Window
from ..analysis.trend import Trend
from ..records import NOT_RECORDED, Tolerability
from .text import json_escaped


def trend_json(trend: Trend) -> str:
    """One line of JSON, as ``json.dumps(..., ensure_ascii=False)`` would write it, hidden
    characters in stored text as \\u escapes (present/text.json_escaped)."""
    head_text = json_escaped(json.dumps(head(trend), ensure_ascii=False))
    tail_text = json_escaped(json.dumps(tail(trend), ensure_ascii=False))
    return f'{head_text[:-1]}, "days": [{_days_text(trend)}], {tail_text[1:]}'


def head(trend: Trend) -> dict[str, Any]:
    """The keys before "days"."""
    return {
        "instrument": trend.instrument,
        "item": trend.item,
        "parameters": trend.params._asdict(),  # window, baseline_days, margin, sustain_days
    }


def tail(trend: Trend) -> dict[str, Any]:
    """The keys after "days"."""
    return {
        "baseline": _baseline(trend),
        "sessions": [
            _session(result, trend.tolerability.get(result.session.id, NOT_RECORDED))
            for result in trend.session_results
        ],
        # no per-session windows for the standard GAD-7, so nothing to group
        "by_dose": None
        if trend.instrument == "gad7"
        else [group._asdict() for group in by_dose(trend.session_results)],
        "events": [event.to_json() for event in trend.events],
        "followups": None if trend.followups is None else [_followup(f) for f in trend.followups],
        "series": trend.series._asdict(),  # field names are the JSON keys
        "sustained": {
            "verdict": trend.sustained.verdict,
            "since": _iso(trend.sustained.since),
            "days": trend.sustained.days,
            "reason": trend.sustained.reason,
        },
        "durability": _durability(trend),
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _baseline(trend: Trend) -> dict[str, Any]:
    if trend.instrument == "gad7":
        intake = trend.intake
        return {
            "day": None if intake is None else intake.day.isoformat(),
            "total": None if intake is None else intake.total,
        }
    baseline = trend.baseline
    return {
        "start": _iso(baseline.start),
        "end": _iso(baseline.end),
        "n": baseline.n,
        "mean": baseline.mean,
    }


def _window(window: Window | None) -> dict[str, Any] | None:
    return None if window is None else {"n": window.n, "mean": window.mean}


def _session(result: SessionResult, tolerability: Tolerability) -> dict[str, Any]:
    session = result.session
    return {
        "id": session.id,
        "day": session.day.isoformat(),
        "kind": session.kind,
        "dose": session.dose,
        "unit": session.unit,
        "pre": _window(result.pre),
        "post": _window(result.post),
        "change": result.change,
        "nap": result.nap,
        "relief_days": result.relief_days,
        "censored": result.censored,
        "onset_hours": result.onset_hours,
        "tolerability": tolerability.to_json(),
    }


def _durability(trend: Trend) -> dict[str, Any] | None:
    """How long relief lasts (null for the standard GAD-7); without an estimate its
    numbers are null and "reason" says why."""
    durability = trend.durability
    if durability is None:
        return None
    estimate = durability.estimate
    return {
        "sessions": None if estimate is None else estimate.sessions,
        "censored": None if estimate is None else estimate.censored,
        "median_days": None if estimate is None else estimate.median_days,
        "median_more_than": None if estimate is None else estimate.median_more_than,
        "shortest_days": None if estimate is None else estimate.shortest_days,
        "longest_days": None if estimate is None else estimate.longest_days,
        "longest_censored": None if estimate is None else estimate.longest_censored,
        "median_onset_hours": durability.median_onset_hours,
        "days_since_last_session": durability.days_since_last_session,
        "last_session_relief_ongoing": durability.last_session_relief_ongoing,
        "reason": durability.reason,
    }


def _followup(followup: FollowUp) -> dict[str, Any]:
    return {
        "day": followup.day.isoformat(),
        "total": followup.total,
        "change": followup.change,
        "percent_change": followup.percent_change,
        **followup.flags._asdict(),  # response, remission, mcid_met, reliable_change
        "relieved": followup.relieved,
    }


def _days_text(trend: Trend) -> str:
    rated, means = trend.shown()
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
