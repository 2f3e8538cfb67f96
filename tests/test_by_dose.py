"""Sessions by kind and dose (analysis.by_dose), checked against hand arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from anxlog.analysis.by_dose import DoseGroup, by_dose
from anxlog.analysis.sessions import SessionDay, SessionResult, Window

FIRST = date(2026, 3, 2)


def result(
    number: int,
    dose: float | None,
    *,
    kind: str = "ketamine-iv",
    unit: str | None = "mg/kg",
    change: float | None = None,
    relief: int | None = None,
    censored: bool | None = None,
) -> SessionResult:
    """One session's result; only what the grouping reads matters."""
    session = SessionDay(number, number, FIRST + timedelta(days=3 * number), kind, dose, unit)
    windows = Window(1, 10.0) if change is not None else Window(0, None)
    return SessionResult(session, windows, windows, change, None, relief, censored)


def test_groups_in_order_of_first_use_with_their_figures() -> None:
    results = [
        result(1, 0.5, change=-6.0, relief=2, censored=False),
        result(2, 0.5, change=-2.5, relief=0, censored=False),
        result(3, 0.75, change=1.0, relief=0, censored=False),
        result(4, 0.5, change=-1.0, relief=5, censored=False),
        result(5, 0.75, change=-5.0, relief=2, censored=True),
    ]
    assert by_dose(results) == [
        # 0.5: changes −6, −2.5, −1 -> −9.5 / 3; relief 2, 0, 5 -> sorted 0, 2, 5: median 2
        DoseGroup("ketamine-iv", 0.5, "mg/kg", 3, -9.5 / 3, 2.0, False, None),
        # 0.75: changes +1, −5 -> −2; relief 0, 2+ -> median (0 + 2) / 2 = 1; the censored
        # 2 is the upper middle: had it lasted longer the median would be higher -> "1+"
        DoseGroup("ketamine-iv", 0.75, "mg/kg", 2, -2.0, 1.0, True, None),
    ]


@pytest.mark.parametrize(
    ("reliefs", "median", "at_least"),
    [
        # sorted 1, 3+, 9: the censored 3 is the middle; longer, the median would grow
        ([(1, False), (3, True), (9, False)], 3.0, True),
        # sorted 1, 3, 9+: the censored 9 is above the middle; longer, nothing changes
        ([(1, False), (3, False), (9, True)], 3.0, False),
        # sorted 0+, 4, 6, 8: median (4 + 6) / 2 = 5; 0+ is below the middle -> at least
        ([(8, False), (0, True), (6, False), (4, False)], 5.0, True),
        # sorted 0, 4, 6, 8+: the censored 8 above the upper middle (6) -> exact
        ([(8, True), (0, False), (6, False), (4, False)], 5.0, False),
        # sorted 2, 4+, 4: a censored time tied with the middle counts (it could move it)
        ([(2, False), (4, True), (4, False)], 4.0, True),
    ],
)
def test_median_relief_and_when_it_is_a_lower_bound(
    reliefs: list[tuple[int, bool]], median: float, at_least: bool
) -> None:
    group = [result(n, 0.5, change=-1.0, relief=r, censored=c) for n, (r, c) in enumerate(reliefs)]
    other = result(99, 0.6, change=0.0, relief=0, censored=False)
    first = by_dose([*group, other])[0]
    assert (first.median_relief_days, first.relief_censored) == (median, at_least)


def test_sessions_without_windows_count_but_give_no_figures() -> None:
    results = [
        result(1, 0.5, change=-4.0, relief=3, censored=False),
        result(2, 0.5),  # no rating around it: change and relief undefined
        result(3, None, unit=None),  # no dose recorded: a group of its own
    ]
    assert by_dose(results) == [
        DoseGroup("ketamine-iv", 0.5, "mg/kg", 2, -4.0, 3.0, False, None),
        DoseGroup("ketamine-iv", None, None, 1, None, None, None, None),
    ]


def test_kind_and_unit_make_groups_too() -> None:
    results = [
        result(1, 56.0, kind="esketamine-nasal", unit="mg", change=-2.0, relief=1),
        result(2, 56.0, kind="esketamine-nasal", unit="mg/kg", change=-3.0, relief=1),
        result(3, 56.0, kind="ketamine-iv", unit="mg", change=-4.0, relief=1),
    ]
    assert [(g.kind, g.unit, g.sessions) for g in by_dose(results)] == [
        ("esketamine-nasal", "mg", 1),
        ("esketamine-nasal", "mg/kg", 1),
        ("ketamine-iv", "mg", 1),
    ]


def test_one_group_or_none_gives_an_empty_list() -> None:
    same = [result(n, 0.5, change=-1.0, relief=1, censored=False) for n in range(4)]
    assert by_dose(same) == []
    assert by_dose([]) == []
