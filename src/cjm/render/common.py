"""What every renderer shares: the emotion palette, channel glyphs, persona lookup, text helpers.

Kept free of graphviz and jinja2 so that any renderer (and its tests) can use it cheaply.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..coverage import mean
from ..model import Journey, Persona, PersonaLibrary, Stage, Touchpoint

# A diverging red-to-green scale (ColorBrewer RdYlGn, lightened so dark text stays readable on
# it: every fill has a contrast ratio above 9:1 with INK). `STRONG` is the saturated variant
# for lines, dots and borders.
EMOTION_FILL: dict[int, str] = {1: "#f4a6a0", 2: "#f9c99b", 3: "#f6e7a1", 4: "#cfe8a9", 5: "#9fd6a4"}
EMOTION_STRONG: dict[int, str] = {1: "#c0392b", 2: "#d9782b", 3: "#b8962a", 4: "#5e9f3e", 5: "#1f7a46"}
NO_EMOTION_FILL = "#eef0f3"
NO_EMOTION_STRONG = "#9aa3af"
EMOTION_WORD: dict[int, str] = {1: "very negative", 2: "negative", 3: "neutral", 4: "positive", 5: "very positive"}
LOW_EMOTION = 2
"""Touchpoints at or below this score are the 'lows' that reports highlight."""

INK = "#1f2937"
MUTED = "#5b6472"
PAIN = "#b42318"
GAIN = "#1f7a46"

PHASE_COLOR: dict[str, str] = {"pre-purchase": "#2563eb", "purchase": "#7c3aed", "post-purchase": "#0f766e"}
PHASE_LABEL: dict[str, str] = {"pre-purchase": "Pre-purchase", "purchase": "Purchase", "post-purchase": "Post-purchase"}

# One glyph per built-in channel, all from Unicode blocks that DejaVu Sans, Segoe UI Symbol
# and Apple Symbols cover (no emoji: their colour fonts differ by platform). The channel
# name is always printed next to the glyph, so a missing glyph never hides information.
CHANNEL_GLYPH: dict[str, str] = {
    "web": "◎",
    "email": "✉",
    "phone": "☎",
    "chat": "❝",
    "social": "☺",
    "search": "⚲",
    "ads": "✦",
    "event": "⚑",
    "in-person": "♙",
    "sales-call": "✆",
    "demo": "▶",
    "product": "⚙",
    "support": "✚",
    "docs": "☰",
    "community": "⁂",
    "partner": "⇄",
    "peer-referral": "☞",
    "review-site": "★",
    "other": "•",
}
DEFAULT_GLYPH = "•"

# XML 1.0 allows only these characters; Graphviz HTML labels and SVG are XML, so anything
# else (control characters, lone surrogates, U+FFFE/FFFF) is dropped from journey text.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")


def clean(text: object) -> str:
    """One line of displayable text: XML-safe characters, whitespace runs collapsed."""
    return _SPACES.sub(" ", _NOT_XML.sub("", str(text))).strip()


def wrap(text: object, width: int, max_lines: int | None = None) -> list[str]:
    """Wrap to `width` characters; with `max_lines`, the last line ends in an ellipsis."""
    lines = textwrap.wrap(clean(text), width, break_long_words=True, break_on_hyphens=False) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines


def glyph(channel: str | None) -> str:
    return CHANNEL_GLYPH.get(channel or "", DEFAULT_GLYPH)


def emotion_fill(score: int | None) -> str:
    return EMOTION_FILL.get(score or 0, NO_EMOTION_FILL)


def emotion_strong(score: int | None) -> str:
    return EMOTION_STRONG.get(score or 0, NO_EMOTION_STRONG)


def short_name(persona: Persona) -> str:
    """'Maya, Head of Marketing' -> 'Maya': the part people say out loud."""
    return clean(persona.title.split(",")[0]) or persona.id


def format_number(value: float) -> str:
    """Metrics as people write them: 148, 0.031, 1,250, 4.6 (never 148.0 or 1e-05)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{value:.2g}"


def resolve_personas(journey: Journey, libraries: Iterable[PersonaLibrary] = ()) -> list[Persona]:
    """The journey's personas in its own order, library ids looked up in `libraries`.

    An id found in no library becomes a bare `Persona(id=...)`, so renderers never fail on a
    dangling reference (validation reports it).
    """
    shared: dict[str, Persona] = {}
    for library in libraries:
        for p in library.personas:
            shared.setdefault(p.id, p)
    return [entry if isinstance(entry, Persona) else shared.get(entry, Persona(id=entry)) for entry in journey.personas]


def for_persona(journey: Journey, persona_id: str) -> Journey:
    """The part of the journey one persona experiences: their touchpoints, the `next` edges
    between them, and the actions that address them. Stages stay, so gaps show."""
    kept = [tp for tp in journey.touchpoints if persona_id in tp.personas]
    ids = {tp.id for tp in kept}
    touchpoints = [tp.model_copy(update={"next": [n for n in tp.next if n in ids]}) for tp in kept]
    actions = [a for a in journey.actions if any(t in ids for t in a.addresses)]
    return journey.model_copy(update={"touchpoints": touchpoints, "actions": actions})


@dataclass(frozen=True)
class StageColumn:
    """A stage with its touchpoints, in journey order; `number` is 1-based."""

    stage: Stage
    number: int
    touchpoints: tuple[Touchpoint, ...]

    @property
    def mean_emotion(self) -> float | None:
        return mean([tp.emotion for tp in self.touchpoints if tp.emotion is not None])


def stage_columns(journey: Journey) -> list[StageColumn]:
    """Touchpoints grouped by stage in stage order. A touchpoint whose stage the journey does
    not define (invalid input, but renderers must not crash) gets a column of its own."""
    stages = journey.stage_list
    known = {s.id for s in stages}
    for tp in journey.touchpoints:
        if tp.stage not in known:
            stages.append(Stage(id=tp.stage))
            known.add(tp.stage)
    by_stage: dict[str, list[Touchpoint]] = {s.id: [] for s in stages}
    for tp in journey.touchpoints:
        by_stage[tp.stage].append(tp)
    return [StageColumn(s, i, tuple(by_stage[s.id])) for i, s in enumerate(stages, 1)]


def numbered(columns: Sequence[StageColumn]) -> dict[str, int]:
    """Touchpoint id -> its 1-based number in reading order (stage by stage)."""
    order = [tp.id for col in columns for tp in col.touchpoints]
    return {tid: i for i, tid in enumerate(order, 1)}
