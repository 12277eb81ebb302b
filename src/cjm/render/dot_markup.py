"""Pieces of Graphviz HTML-like labels: escaped text, line breaks, fonts.

Shared by the map's cards and its lanes; every piece of journey text goes through `_h()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .common import clean


def _xml(text: object) -> str:
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _h(text: object) -> str:
    """Escape text for a Graphviz HTML-like label (an XML fragment).

    Graphviz expands escString sequences (\\N, \\G, \\L, ...) even inside HTML labels, and
    an entity for the backslash is decoded before that; a doubled backslash is a literal one.
    """
    return _xml(text).replace("\\", "\\\\")


def _lines(lines: Sequence[str]) -> str:
    return '<BR ALIGN="LEFT"/>'.join(_h(line) for line in lines) + '<BR ALIGN="LEFT"/>'


def _font(text: str, size: float | None = None, color: str | None = None, *, bold: bool = False) -> str:
    # <B> rather than a bold face name: "Helvetica-Bold" is no fontconfig family, and would
    # fall back to a wider font than the regular text.
    attrs = "".join(f' {k}="{v}"' for k, v in (("POINT-SIZE", size), ("COLOR", color)) if v is not None)
    return f"<FONT{attrs}>{f'<B>{text}</B>' if bold else text}</FONT>"
