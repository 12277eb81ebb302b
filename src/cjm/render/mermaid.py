"""A journey as a Mermaid `journey` diagram, which GitHub renders inline in Markdown.

Sections are stages, tasks are touchpoints, the score is the emotion, actors are personas.

Mermaid's journey grammar is line-based with no quoting, but Mermaid replaces `#code;`
entity codes (`#35;` is `#`) with placeholders before its lexer runs and turns them back
into characters in the drawing. So every character the lexer or the drawing would read as
syntax is written as its code, and the text arrives exactly as the journey has it:

- `%` starts a comment (a task name that begins with `%` disappears), so do `#` and `%%`
  anywhere; `:` ends a task name and separates score and actors; `;` and a line break end a
  statement; `,` separates actors (encoded in actor names only, where it is syntax);
- `<`, `>` and `&` are markup, and a backtick would end a Markdown code fence;
- `¶` and `ﬂ` start Mermaid's own placeholders (`ﬂ°°35¶ß`), which it decodes in the whole
  drawing, so a journey that contains one literally would be changed;
- the lexer skips leading white space and trims actors, so a space at either end is `#32;`;
  any other white space (tab, line break, no-break space) is always a code;
- a task line that begins with `journey`, `title`, `section`, `accTitle` or `accDescr` is
  read as that keyword, so such a text's first character is a code.

Characters that XML cannot carry (most control characters) are dropped, as in every cjm
drawing. Everything else, Unicode included, is written as is, so the source stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Journey, Persona
from .common import for_persona, stage_columns

NEUTRAL = 3
"""Mermaid needs a score for every task; touchpoints without an emotion are drawn neutral."""

_SYNTAX = frozenset("#%:;<>&`¶ﬂ")
_KEYWORD = re.compile(r"^(journey|title|section|acc(title|descr))", re.IGNORECASE)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _code(ch: str) -> str:
    return f"#{ord(ch)};"


def mermaid_text(text: object, *, actor: bool = False) -> str:
    """Journey text for one Mermaid journey line: title, section, task name or (with
    `actor`) actor name. Mermaid shows it exactly as given."""
    value = _NOT_XML.sub("", str(text))
    if not value:
        return "(untitled)"  # the grammar has no empty name
    out = [_code(ch) if ch in _SYNTAX or (ch.isspace() and ch != " ") or (actor and ch == ",") else ch for ch in value]
    for end in (0, -1):
        if out[end] == " ":
            out[end] = _code(" ")
    if _KEYWORD.match(value):
        out[0] = _code(value[0])
    return "".join(out)


def render_mermaid(journey: Journey, personas: Sequence[Persona] = (), persona: str | None = None) -> str:
    """Mermaid `journey` source for the journey (one persona's part of it with `persona`).

    Actors are persona names when `personas` are given ("Maya, Head of Marketing"), else ids.
    """
    if persona is not None:
        if persona not in journey.persona_ids:
            raise ValueError(f"persona {persona!r} is not one of the personas of journey {journey.id!r}")
        journey = for_persona(journey, persona)
    by_id = {p.id: p for p in personas}
    names: dict[str, str] = {}
    for pid in journey.persona_ids:
        p = by_id.get(pid)
        names[pid] = mermaid_text(p.title if p else pid, actor=True)
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
