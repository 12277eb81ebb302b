"""Prose lists in block style: one sentence a line, so a comma cannot split one in two.

`pain_points: [QBR happens twice a year, not quarterly]` is two items to YAML; written
one `- ` item a line, what YAML reads is what the reader sees. Only the prose lists of
touchpoints and personas (`cjm.prose.PROSE_LISTS`) change: id lists (`next`, `personas`,
`events`) stay as written. A flow list that reads like a sentence split at a comma stays
as written too, so the data is not laid out as two sentences before anyone has looked:
the `split-sentence` rule points at it. The data does not change, only its layout, and a
block list stays a block list, so the result is stable.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..prose import PROSE_LISTS, continuations
from .order import _key_text, _shapes
from .tree import Map, Node, Scalar, Seq


def prose_in_block_style(node: Node | None, annotation: Any) -> None:
    if node is None or isinstance(node, Scalar) or annotation is None:
        return
    models, items, values = _shapes(annotation)
    if isinstance(node, Map):
        if models:
            fields = models[0].model_fields
            for e in node.entries:
                key = _key_text(e)
                # In a flow mapping (`- {id: a, pain_points: [...]}`) every value stays flow.
                if key in PROSE_LISTS and not node.flow and _holds_prose(models[0]) and isinstance(e.value, Seq):
                    _unfold(e.value)
                    continue
                f = fields.get(key)
                prose_in_block_style(e.value, f.annotation if f is not None else None)
        elif values is not None:
            for e in node.entries:
                prose_in_block_style(e.value, values)
    elif items is not None:
        for e in node.entries:
            prose_in_block_style(e.value, items)


def _holds_prose(model: type[BaseModel]) -> bool:
    from ..model import Persona, Touchpoint

    return model in (Touchpoint, Persona)


def _unfold(seq: Seq) -> None:
    if not seq.flow or not seq.entries:
        return
    scalars = [e.value for e in seq.entries]
    if not all(isinstance(s, Scalar) and isinstance(s.value, str) and not s.tagged for s in scalars):
        return
    texts = [s.value for s in scalars if isinstance(s, Scalar)]
    quoted = [isinstance(s, Scalar) and s.style in ("'", '"') for s in scalars]
    if continuations(texts, quoted):
        return  # left for split-sentence to point at
    seq.flow = False
