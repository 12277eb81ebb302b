"""Key order: the order of the pydantic models' fields, which is FORMAT.md's."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from ..workspace import Kind
from .tree import Entry, Map, Node, Scalar


def _shapes(annotation: Any) -> tuple[list[type[BaseModel]], Any, Any]:
    """The models, list item type and dict value type an annotation allows."""
    models: list[type[BaseModel]] = []
    items: Any = None
    values: Any = None
    todo = [annotation]
    while todo:
        ann = todo.pop()
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            todo.append(typing.get_args(ann)[0])
        elif origin in (typing.Union, types.UnionType):
            todo.extend(reversed(typing.get_args(ann)))
        elif origin is list:
            items = items if items is not None else typing.get_args(ann)[0]
        elif origin is dict:
            values = values if values is not None else typing.get_args(ann)[1]
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            models.append(ann)
    return models, items, values


def _key_text(entry: Entry) -> str:
    key = entry.key
    assert key is not None
    return key.value if isinstance(key.value, str) else key.raw


def reorder(node: Node | None, annotation: Any) -> None:
    if node is None or isinstance(node, Scalar) or annotation is None:
        return
    models, items, values = _shapes(annotation)
    if isinstance(node, Map):
        if models:
            fields = models[0].model_fields
            rank = {name: i for i, name in enumerate(fields)}
            node.entries.sort(key=lambda e: rank.get(_key_text(e), len(rank)))
            for e in node.entries:
                f = fields.get(_key_text(e))
                reorder(e.value, f.annotation if f is not None else None)
        elif values is not None:
            for e in node.entries:
                reorder(e.value, values)
    elif items is not None:
        for e in node.entries:
            reorder(e.value, items)


def root_model(kind: Kind) -> type[BaseModel]:
    from ..model import Config, Journey, PersonaLibrary

    return {"journey": Journey, "personas": PersonaLibrary, "config": Config}[kind]
