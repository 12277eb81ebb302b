"""The customer's voice on the report: quotes and evidence links, as plain view objects.

Quotes go on the touchpoint cards and on the persona who said them; evidence items become
links (an `url`) or file names (a `path`: the report may be opened far from the workspace,
so a relative link could point anywhere; the path is what a reader can look up).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import EvidenceItem, Persona, Quote, Touchpoint
from .common import clean, short_name

EVIDENCE_KIND_LABEL = {
    "interview": "Interview",
    "survey": "Survey",
    "tickets": "Tickets",
    "analytics": "Analytics",
    "recording": "Recording",
    "other": "Other",
}


@dataclass(frozen=True)
class QuoteView:
    text: str
    by: str  # "Sam, Interview 2026-09-14": who said it and where, either may be missing
    touchpoint: str = ""  # "#4 Technician visit", on persona cards
    anchor: str = ""


@dataclass(frozen=True)
class SourceView:
    title: str
    kind: str
    href: str | None  # only http(s) addresses (the model allows no other) become links
    path: str | None


def quote_view(quote: Quote, personas: Mapping[str, Persona], *, touchpoint: str = "", anchor: str = "") -> QuoteView:
    who = short_name(personas[quote.persona]) if quote.persona in personas else (quote.persona or "")
    by = ", ".join(part for part in (who, clean(quote.source or "")) if part)
    return QuoteView(text=quote.text, by=by, touchpoint=touchpoint, anchor=anchor)


def source_view(item: EvidenceItem) -> SourceView:
    return SourceView(
        title=item.title, kind=EVIDENCE_KIND_LABEL.get(item.kind or "", ""), href=item.url, path=item.path
    )


def card_voice(tp: Touchpoint, personas: Mapping[str, Persona]) -> tuple[tuple[QuoteView, ...], tuple[SourceView, ...]]:
    return tuple(quote_view(q, personas) for q in tp.quotes), tuple(source_view(e) for e in tp.evidence)


def persona_quotes(
    persona_id: str, touchpoints: Sequence[tuple[Touchpoint, int, str]], personas: Mapping[str, Persona]
) -> tuple[QuoteView, ...]:
    """What a persona said, in journey order: (touchpoint, number, anchor) give the where."""
    return tuple(
        quote_view(q, personas, touchpoint=f"#{number} {clean(tp.name)}", anchor=anchor)
        for tp, number, anchor in touchpoints
        for q in tp.quotes
        if q.persona == persona_id
    )
