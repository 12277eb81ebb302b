"""Rounding half away from zero, exactly, and percentile_cont's linear interpolation."""

from __future__ import annotations

from fractions import Fraction

from cjm.measure.rounding import Withholding, days, interpolate, round_half_away, share


def test_ties_round_away_from_zero_without_binary_floating_point_deciding():
    assert round_half_away(Fraction(1, 8), 2) == 0.13  # 0.125: float round() gives 0.12
    assert round_half_away(Fraction(-1, 8), 2) == -0.13
    assert round_half_away(Fraction(5, 2), 0) == 3.0
    assert share(1, 3) == 0.333 and share(2, 3) == 0.667 and share(1, 2000) == 0.001 and share(1, 2001) == 0.0
    assert days(Fraction(86_400_000_000 * 5, 4)) == 1.3  # 1.25 days


def test_percentiles_interpolate_between_order_statistics_like_percentile_cont():
    # values 2, 4, 6: median rank 1 -> 4; p90 rank 1.8 -> 4 + 0.8 * 2
    assert interpolate(3, 4, 4, 1, 2) == 4 and interpolate(3, 4, 6, 9, 10) == Fraction(28, 5)
    # values 1, 10: median 5.5; one value: itself
    assert interpolate(2, 1, 10, 1, 2) == Fraction(11, 2) and interpolate(1, 7, 7, 9, 10) == 7
    # 11 values: p90 rank exactly 9, no interpolation error from 10 * 0.9
    assert interpolate(11, 9, 9, 9, 10) == 9


def test_withholding_names_the_configured_group_size():
    hold = Withholding(10)
    assert (hold(9, 0.5), hold(10, 0.5), hold(0, None)) == ("<10", 0.5, None)
