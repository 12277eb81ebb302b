"""`cjm import csv --into`: a spreadsheet's rows update an existing journey in place.

A team exports a journey (`cjm export csv`), edits it in a workshop and brings it back.
What the sheet holds is touchpoint data, so only that changes: a row updates the touchpoint
with its id (the columns the sheet has; an emptied cell removes the field), a row with a new
id becomes a new touchpoint after the last one of its stage, and everything else (title,
stage names and phases, goals, actions, `measured:`, every comment) stays byte for byte.
The edit goes through the round-trip loader, which reproduces a file in cjm's layout
exactly, and is checked before anything is written: the result must parse, validate, and
hold the old data with only the reported changes, and keep every comment.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from ..fmt import comment_texts, same_data
from ..model import SLUG_PATTERN, Touchpoint
from ..roundtrip import plain
from ..workspace import SourceFile, parse_source
from .cells import FIELD
from .importing import Imported

_FLOW_NEW = frozenset({"personas", "next"})  # id lists are written [a, b], as export/import do
_ORDER = {name: i for i, name in enumerate(Touchpoint.model_fields)}


@dataclass(frozen=True)
class Change:
    """One change the merge made; `row` is the sheet row it came from (None: journey level)."""

    row: int | None
    message: str


@dataclass
class Merged:
    text: str
    changes: list[Change] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # touchpoints of the journey the sheet does not hold

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def merge_into(source: SourceFile, imported: Imported, *, library: Set[str] = frozenset()) -> Merged:
    """The journey text of `source` updated with the touchpoints `imported` read.

    `library`: persona ids the workspace's persona libraries define (a persona the sheet
    adds is referenced by id when the library has it, else added as an inline stub).
    Changed fields are set through the round-trip loader; new touchpoints and personas are
    spliced in as `cjm new` adds them (after the last touchpoint of their stage), so the
    comments that head a stage's section stay where they are.
    """
    from ..roundtrip import dump, load

    text = source.text.replace("\r\n", "\n")
    doc = load(text)
    if dump(doc) != text:
        raise UserError(
            f"{source.display}: this file is not in cjm's layout, so updating it could change lines the sheet "
            f"does not touch; run `cjm fmt {source.display}` first (it only changes layout), then import again"
        )
    data = imported.data or {"touchpoints": []}
    present = [c for c in imported.columns if c != "id"]
    unread = {(p.row, p.key) for p in imported.problems if not p.skipped and p.key is not None}
    merged = Merged(text=text)
    by_id = {tp["id"]: tp for tp in doc["touchpoints"]}
    added: list[tuple[int, dict[str, Any]]] = []
    for row, new in zip(imported.rows, data["touchpoints"], strict=True):
        old = by_id.get(new["id"])
        if old is None:
            added.append((row, new))
            continue
        for column in present:
            if (row, column) in unread:
                continue  # reported already: a cell cjm could not read is not an emptied cell
            key = FIELD[column]
            message = _update(old, key, new.get(key))
            if message is not None:
                merged.changes.append(Change(row, f"touchpoint '{new['id']}': {message}"))
    seen = {tp["id"] for tp in data["touchpoints"]}
    merged.kept = [tid for tid in by_id if tid not in seen]
    if merged.changes:
        updated = dump(doc)
        _verify(source, text, updated)
        text = updated
    text = _splice_additions(source, text, added, imported.new_personas, library, merged)
    merged.text = text
    return merged


def _update(tp: Any, key: str, value: Any) -> str | None:
    """Set touchpoint field `key` to `value` (None: remove it); what changed, or None."""
    old = plain(tp.get(key)) if key in tp else None
    if value is None or value in ([], {}):
        if key not in tp:
            return None
        del tp[key]
        return f"removed {key} (was {_show(old)})"
    if key in tp and _same(old, value):
        return None
    if key in tp:
        node = tp[key]
        if isinstance(node, list) and isinstance(value, list):
            _replace_items(node, value)
        elif isinstance(node, dict) and isinstance(value, dict):
            _replace_entries(node, value)
        else:
            tp[key] = _node(value, flow=key in _FLOW_NEW)
        return f"{key} {_show(old)} -> {_show(value)}"
    position = sum(1 for k in tp if _ORDER.get(k, len(_ORDER)) < _ORDER.get(key, len(_ORDER)))
    tp.insert(position, key, _node(value, flow=key in _FLOW_NEW))
    return f"{key} set to {_show(value)}"


def _same(a: Any, b: Any) -> bool:
    """Equal data, where 1 and 1.0 are the same number (a sheet cell cannot tell them apart)."""
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return same_data(a, b)


def _replace_items(seq: Any, values: list[Any]) -> None:
    """New items in the old list node: its style stays, and the comment after its last item
    (often the heading of the next stage's section) moves to the new last item."""
    tail = seq.ca.items.pop(len(seq) - 1, None) if len(seq) else None
    del seq[:]
    seq.extend(values)
    if tail is not None:
        seq.ca.items[len(seq) - 1] = tail


def _replace_entries(mapping: Any, values: dict[str, Any]) -> None:
    keys = list(mapping)
    tail = mapping.ca.items.pop(keys[-1], None) if keys else None
    for key in keys:
        if key not in values:
            del mapping[key]
    for key, value in values.items():
        mapping[key] = value
    if tail is not None:
        mapping.ca.items[list(mapping)[-1]] = tail


def _splice_additions(
    source: SourceFile,
    text: str,
    added: list[tuple[int, dict[str, Any]]],
    new_personas: dict[str, str],
    library: Set[str],
    merged: Merged,
) -> str:
    """New personas, then new touchpoints, each inserted by `cjm new`'s splice."""
    from ..newentity.entries import touchpoint_anchor
    from ..newentity.splice import add_entry
    from ..newentity.target import TargetFile

    def target(current: str) -> TargetFile:
        raw = current.encode("utf-8")
        probe = parse_source(raw, SourceFile(path=source.path, display=source.display), source.kind)
        if probe.journey is not None and source.journey is not None and isinstance(source.journey.stages, str):
            # `stages: NAME` of a shared model: the probe was parsed without cjm.yaml, so it
            # gets the stages the loaded journey was bound to (additions never change them).
            probe.journey.bind_stage_models({source.journey.stages: source.journey.stage_list})
        return TargetFile(path=source.path, raw=raw, text=current, source=probe, workspace=None)  # type: ignore[arg-type]

    listed = {p if isinstance(p, str) else p.get("id") for p in (source.data or {}).get("personas", [])}
    for _, tp in added:
        for pid in tp.get("personas", []):
            if pid in listed:
                continue
            listed.add(pid)
            if pid in library:
                entry: dict[str, Any] | str = pid
                what = f"added persona '{pid}' (from the persona library) to the journey's personas"
            else:
                entry = {"id": pid, **({"name": new_personas[pid]} if new_personas.get(pid, pid) != pid else {})}
                what = f"added persona '{pid}' to the journey's personas; give it a role and goals"
            text = _add_persona(source, target(text), entry)
            merged.changes.append(Change(None, what))
    for row, tp in added:
        tf = target(text)
        entry = {key: tp[key] for key in sorted(tp, key=lambda k: _ORDER.get(k, len(_ORDER)))}
        text = add_entry(tf, "touchpoints", entry, touchpoint_anchor(tf, tp["stage"])).after.decode("utf-8")
        merged.changes.append(Change(row, f"added touchpoint '{tp['id']}' to stage '{tp['stage']}'"))
    return text


def _add_persona(source: SourceFile, tf: Any, entry: dict[str, Any] | str) -> str:
    """Spliced in as `cjm new persona` does; a flow list (`personas: [a, b]`) takes the id
    through the round-trip loader instead, which keeps the line's comment."""
    from ..newentity.splice import add_entry
    from ..roundtrip import dump, load

    try:
        return str(add_entry(tf, "personas", entry).after.decode("utf-8"))
    except UserError:
        doc = load(tf.text)
        doc["personas"].append(entry if isinstance(entry, str) else _node(entry, flow=False))
        after = str(dump(doc))
        _verify(source, tf.text, after)
        return after


def _verify(source: SourceFile, before: str, after: str) -> None:
    """Never write what cjm would reject or what lost a comment."""
    probe = parse_source(after.encode(), SourceFile(path=source.path, display=source.display), source.kind)
    errors = [f for f in probe.findings if f.severity == "error"]
    if probe.model is None or errors:
        where = f"{errors[0].line}:{errors[0].column}: {errors[0].message}" if errors else "it does not parse"
        raise UserError(f"{source.display}: the update would make the file invalid ({where}); nothing was written")
    if comment_texts(after) != comment_texts(before):
        raise UserError(f"{source.display}: the update would lose a comment; nothing was written")


def _node(value: Any, *, flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        mapping = CommentedMap((k, _node(v, flow=False)) for k, v in value.items())
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_node(v, flow=False) for v in value)
        if flow:
            seq.fa.set_flow_style()
        return seq
    return value


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _show(value: Any) -> str:
    """A value as the report line shows it: ids as written in YAML ([cio, cfo]), text quoted."""
    if isinstance(value, list):
        return "[" + ", ".join(v if _is_id(v) else _show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    return str(value)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value) is not None
