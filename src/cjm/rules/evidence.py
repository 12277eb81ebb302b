"""Reading `measured:` figures in rules; shared by the rules over `cjm measure --write` output.

A figure is a number, or the string "<N>" when it came from fewer than `min_group` accounts
(MEASURE.md section 5). A withheld figure says only that the group was small, so it never
triggers a rule: `number()` gives None for it. Figures are compared as the decimals they
were written as (rounded to 3 or 1 places), so `4 - 3.0` is exactly the `1.0` a rule asks
for and no binary floating point tips a comparison.
"""

from __future__ import annotations

from decimal import Decimal


def number(value: object) -> Decimal | None:
    """The figure as written (None when it is withheld or absent)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(repr(value))


def percent(share: Decimal) -> str:
    """0.107 -> '10.7%', 0.5 -> '50%'."""
    text = format(share * 100, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
