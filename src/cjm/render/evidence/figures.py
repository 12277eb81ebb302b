"""A measured figure as the page shows it, and the stamp every measured figure carries.

A withheld figure (the string "<5") is shown as it is written, never as a number; a figure
the file does not have is a dash, never zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...model import MeasuredJourney

Figure = int | float | str | None


def withheld(value: Figure) -> bool:
    return isinstance(value, str)


def _shown(value: Figure, number: Callable[[float], str]) -> str:
    """A figure as the page prints it: a dash when absent, a withheld one ("<5") as written."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return number(value)


def count(value: Figure) -> str:
    return _shown(value, lambda v: f"{v:,.0f}")


def pct(value: Figure) -> str:
    return _shown(value, lambda v: f"{100 * v:.1f}".rstrip("0").rstrip(".") + "%")


def days(value: Figure) -> str:
    return _shown(value, lambda v: f"{v:.1f} d")


def score(value: Figure) -> str:
    return _shown(value, lambda v: f"{v:.1f}")


def number(value: Figure) -> float | None:
    """The figure as a number (None: absent or withheld)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Stamp:
    """When the figures were measured: said next to every measured figure."""

    as_of: str
    window: str

    @property
    def text(self) -> str:
        return f"as of {self.as_of} · window {self.window}"


def stamp(m: MeasuredJourney) -> Stamp:
    window = m.window or {}
    start, end = window.get("from"), window.get("to")
    span = f"{start.isoformat() if start else 'start of data'} – {end.isoformat() if end else m.as_of.isoformat()}"
    return Stamp(m.as_of.isoformat(), span)
