"""A journey as a Mermaid `journey` diagram, which GitHub renders inline in Markdown.

Sections are stages, tasks are touchpoints, the score is the emotion, actors are personas.

Mermaid's journey grammar is line-based and has no escaping, so journey text is made safe by
removing what the lexer would read as syntax: `:` ends a task name, `;` and a newline end a
statement, `#` and `%%` start comments (`%%` becomes `%`), `,` separates actors, and a line that begins with
`title`, `section`, `journey`, `accTitle` or `accDescr` is a keyword. `<` and `>` are
replaced too, so no journey text can reach Mermaid's HTML labels as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Journey, Persona
from .common import clean, for_persona, stage_columns

NEUTRAL = 3
"""Mermaid needs a score for every task; touchpoints without an emotion are drawn neutral."""

_REPLACE = str.maketrans(
    {
        ":": " -",
        ";": ",",
        "#": "No.",
        "<": "‹",
        ">": "›",
        "{": "(",
        "}": ")",
        "`": "'",
    }
)
_KEYWORD = re.compile(r"^(journey|title|section|acc(title|descr))", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_COMMENT = re.compile(r"%{2,}")  # `%%` starts a comment; a single % is text


def mermaid_text(text: object, *, actor: bool = False) -> str:
    """Journey text as a Mermaid-safe single line."""
    value = _COMMENT.sub("%", clean(text).translate(_REPLACE))
    if actor:
        value = value.replace(",", " ")
    value = _SPACES.sub(" ", value).strip(" -")
    if _KEYWORD.match(value):
        # A zero-width joiner keeps the text as it reads but stops the lexer's keyword match.
        value = "\u2060" + value
    return value or "(untitled)"


def render_mermaid(journey: Journey, personas: Sequence[Persona] = (), persona: str | None = None) -> str:
    """Mermaid `journey` source for the journey (one persona's part of it with `persona`).

    Actors are persona names when `personas` are given ("Maya - Head of Marketing"), else ids.
    """
    if persona is not None:
        if persona not in journey.persona_ids:
            raise ValueError(f"persona {persona!r} is not one of the personas of journey {journey.id!r}")
        journey = for_persona(journey, persona)
    by_id = {p.id: p for p in personas}
    names: dict[str, str] = {}
    for pid in journey.persona_ids:
        p = by_id.get(pid)
        names[pid] = mermaid_text(p.title.replace(",", " -") if p else pid, actor=True)
    lines = ["journey", f"    title {mermaid_text(journey.title)}"]
    unscored = False
    for col in stage_columns(journey):
        if not col.touchpoints:
            continue
        lines.append(f"    section {mermaid_text(col.stage.title)}")
        for tp in col.touchpoints:
            score = tp.emotion if tp.emotion is not None else NEUTRAL
            unscored |= tp.emotion is None
            actors = ", ".join(dict.fromkeys(names.get(p, mermaid_text(p, actor=True)) for p in tp.personas))
            lines.append(f"      {mermaid_text(tp.name)}: {score}" + (f": {actors}" if actors else ""))
    if unscored:
        lines.insert(1, f"    %% touchpoints without an emotion score are drawn at {NEUTRAL} (neutral)")
    return "\n".join(lines) + "\n"
