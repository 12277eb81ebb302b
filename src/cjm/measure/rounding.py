"""MEASURE.md rounding and withholding: exact arithmetic on the aggregates, then shares and
rates to 3 decimals, days and scores to 1, half away from zero; a figure from fewer than
`min_group` accounts becomes the string "<N>"."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Value = int | float | str | None
SHARE_PLACES = 3
DAYS_PLACES = 1
SCORE_PLACES = 1
US_PER_DAY = 86_400_000_000


def round_half_away(x: Fraction, places: int) -> float:
    """`x` rounded to `places` decimals, ties away from zero (2.25 -> 2.3, -2.25 -> -2.3).
    Exact: `x` is a fraction of integers, so no binary floating point decides a tie."""
    scaled = abs(x) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    value = Decimal(whole if x >= 0 else -whole).scaleb(-places)
    return float(value) + 0.0  # + 0.0: never a negative zero


def share(num: int, den: int) -> float | None:
    return round_half_away(Fraction(num, den), SHARE_PLACES) if den else None


def days(us: Fraction) -> float:
    return round_half_away(us / US_PER_DAY, DAYS_PLACES)


def score(x: Fraction) -> float:
    return round_half_away(x, SCORE_PLACES)


def interpolate(n: int, lo: int, hi: int, num: int, den: int) -> Fraction:
    """percentile_cont at p = num/den from the order statistics around its rank."""
    frac = Fraction(((n - 1) * num) % den, den)
    return lo + frac * (hi - lo)


class Withholding:
    """Figures from fewer than `min_group` accounts are withheld."""

    def __init__(self, min_group: int) -> None:
        self.min_group = min_group
        self.mark = f"<{min_group}"

    def __call__(self, accounts: int, value: Value) -> Value:
        if value is None:
            return None
        return value if accounts >= self.min_group else self.mark
