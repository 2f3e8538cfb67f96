from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anxlog.errors import InputError
from anxlog.instrument import band, band_label, parse_answers, total


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_bands_follow_spitzer_2006_cut_points(score: int, expected: str) -> None:
    assert band(score) == expected


def test_a_daily_band_is_for_orientation_only() -> None:
    assert band_label(12, "daily") == "moderate (for orientation)"
    assert band_label(12, "gad7") == "moderate"


def test_total_is_the_sum_of_the_seven_answers() -> None:
    # 1+2+1+0+2+1+1 = 8
    assert total(parse_answers(["1", "2", "1", "0", "2", "1", "1"])) == 8


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["4", "1", "1", "1", "1", "1", "1"], "Answer 1 (4) is out of range"),
        (["1", "-1", "1", "1", "1", "1", "1"], "Answer 2 (-1) is out of range"),
        (["1", "1", "x", "1", "1", "1", "1"], "Answer 3 ('x') is not a number"),
        (["1"] * 6, "Got 6 answers"),
        (["1"] * 8, "Got 8 answers"),
    ],
)
def test_bad_answers_are_refused_with_what_is_accepted(answers: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_answers(answers)


@given(st.lists(st.integers(0, 3), min_size=7, max_size=7))
def test_any_seven_answers_score_between_0_and_21(answers: list[int]) -> None:
    parsed = parse_answers([str(a) for a in answers])
    assert parsed == tuple(answers)
    assert 0 <= total(parsed) <= 21
    assert band(total(parsed)) in {"minimal", "mild", "moderate", "severe"}


@given(st.lists(st.text(max_size=4), min_size=7, max_size=7))
def test_typed_text_is_either_seven_answers_or_an_input_error(tokens: list[str]) -> None:
    try:
        parsed = parse_answers(tokens)
    except InputError as error:
        assert "\n" not in error.message
    else:
        assert all(0 <= a <= 3 for a in parsed)
