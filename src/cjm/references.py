"""Cross-references and uniqueness across a workspace.

Checked on the parsed data, not on models, so that a journey with one bad emotion value
still gets every broken reference reported in the same run.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .findings import Finding, Severity
from .hints import closest, did_you_mean, quote_list
from .model import CHANNELS, SLUG_PATTERN
from .positions import locate
from .stages import declared_stages, stage_named
from .vocabulary import (
    check_config,
    check_owners,
    check_persona_stages,
    check_roles,
    stage_model_ids,
    unknown_stage_model,
)
from .workspace import SourceFile, Workspace

PathT = tuple[str | int, ...]
SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class _Def:
    file: SourceFile
    path: PathT

    def where(self) -> str:
        span = locate(self.file.data, self.path, at_key=False)
        return f"{self.file.display}:{span.line}:{span.column}"

    def finding(self, code: str, message: str) -> Finding:
        span = locate(self.file.data, self.path)
        return Finding(self.file.display, span.line, span.column, code, Severity.ERROR, message)


def _items(data: Any, key: str) -> Iterator[tuple[int, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        yield from enumerate(value)


def _ident(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _str_list(data: Any, key: str) -> Iterator[tuple[int, str]]:
    for i, v in _items(data, key):
        if isinstance(v, str):
            yield i, v


def check_references(ws: Workspace) -> list[Finding]:
    findings: list[Finding] = []
    library: dict[str, list[_Def]] = {}
    for f in ws.libraries:
        for i, item in _items(f.data, "personas"):
            if (pid := _ident(item)) is not None:
                library.setdefault(pid, []).append(_Def(f, ("personas", i, "id")))

    persona_defs: dict[str, list[_Def]] = {k: list(v) for k, v in library.items()}
    journey_defs: dict[str, list[_Def]] = {}
    for f in ws.journeys:
        if not isinstance(f.data, dict):
            continue
        if isinstance(jid := f.data.get("id"), str):
            journey_defs.setdefault(jid, []).append(_Def(f, ("id",)))
        for i, item in _items(f.data, "personas"):
            if (pid := _ident(item)) is not None:
                persona_defs.setdefault(pid, []).append(_Def(f, ("personas", i, "id")))

    findings += _duplicates(persona_defs, "persona", "persona ids are unique in the workspace")
    findings += _duplicates(journey_defs, "journey", "journey ids are unique in the workspace")
    channels = (*CHANNELS, *ws.config.channels)
    if ws.config_file is not None:
        findings += check_config(ws.config_file)
    for f in ws.libraries:
        findings += _channels(f, ("personas",), channels)
        if ws.config_valid:
            findings += check_roles(f, ws.config)
    stages_using: dict[str, list[str]] = {}  # library persona id -> stage ids of journeys that list it
    for f in ws.journeys:
        if isinstance(f.data, dict):
            findings += _journey(f, ws, library, set(journey_defs), channels, stages_using)
            findings += _evidence_paths(f, ws.root)
    findings += _library_persona_stages(ws, stages_using)
    return findings


def _library_persona_stages(ws: Workspace, stages_using: dict[str, list[str]]) -> Iterator[Finding]:
    """A library persona serves several journeys: its `stages:` must each be a stage of at
    least one journey that lists it (a persona no journey lists yet is not judged)."""
    for f in ws.libraries:
        for i, item in _items(f.data, "personas"):
            pid = _ident(item)
            if pid is None or pid not in stages_using:
                continue
            known = list(dict.fromkeys(stages_using[pid]))
            which = f"no journey that lists it has (their stages: {quote_list(known)})"
            yield from check_persona_stages(f, ("personas", i), item, known, which)


def _duplicates(defs: dict[str, list[_Def]], kind: str, why: str) -> Iterator[Finding]:
    for ident, places in defs.items():
        if len(places) < 2:
            continue
        for here in places:
            others = _elsewhere(places, here)
            yield here.finding("duplicate-id", f"{kind} id '{ident}' is also defined at {others}; {why}, so rename one")


_SHOWN_PLACES = 3


def _elsewhere(places: list[_Def], here: _Def) -> str:
    """The other places of a duplicate, at most a few of them: an id shared by 1,000 files must
    give 1,000 short findings, not 1,000 lists of 999 places (quadratic output)."""
    others = (p for p in places if p is not here)
    shown = [p.where() for p in itertools.islice(others, _SHOWN_PLACES)]
    rest = len(places) - 1 - len(shown)
    return ", ".join(shown) + (f" and {rest} more place{'s' if rest != 1 else ''}" if rest else "")


def _journey(
    f: SourceFile,
    ws: Workspace,
    library: dict[str, list[_Def]],
    journeys: set[str],
    channels: tuple[str, ...],
    stages_using: dict[str, list[str]],
) -> Iterator[Finding]:
    data = f.data

    def at(path: PathT, code: str, message: str) -> Finding:
        return _Def(f, path).finding(code, message)

    # Stages: a built-in or shared (cjm.yaml) model, or an explicit list.
    stages = data.get("stages")
    stage_ids: list[str] = []
    if isinstance(stages, str) and _is_slug(stages):
        named = stage_model_ids(stages, ws.config)
        if named is None and ws.config_valid:
            yield unknown_stage_model(f, stages, ws.config)
        stage_ids = named or []
    elif isinstance(stages, list):
        yield from _unique_in_journey(f, "stages", "stage")
        stage_ids = [sid for _, item in _items(data, "stages") if (sid := _ident(item))]

    # Personas: inline definitions and bare ids from the library.
    persona_ids: list[str] = []  # resolved ones only: an unresolved id is never suggested
    listed: set[str] = set()
    meant: set[str] = set()  # what the unresolved list items were most likely meant to be
    for i, item in _items(data, "personas"):
        if isinstance(item, str):
            listed.add(item)
            if item in library:
                persona_ids.append(item)
                if stage_ids:  # a journey whose stages are unknown says nothing about them
                    stages_using.setdefault(item, []).extend(stage_ids)
                continue
            guess = closest(item, library)
            if guess is not None:
                meant.add(guess)
            yield at(
                ("personas", i),
                "unknown-reference",
                f"persona '{item}' is not defined in any persona library of the workspace: define it in a "
                f"persona library file (`cjm: 1` plus `personas:`) or inline here"
                + (f"; did you mean '{guess}'?" if guess else ""),
            )
        elif (pid := _ident(item)) is not None:
            persona_ids.append(pid)
            listed.add(pid)
            if stage_ids:
                which = f"this journey does not have (its stages: {quote_list(stage_ids)})"
                yield from check_persona_stages(f, ("personas", i), item, stage_ids, which)
    yield from _channels(f, ("personas",), channels)
    if ws.config_valid:  # else the names cjm.yaml adds are unknown: its own errors come first
        yield from check_roles(f, ws.config)
        yield from check_owners(f, ws.config)

    yield from _unique_in_journey(f, "touchpoints", "touchpoint")
    yield from _unique_in_journey(f, "actions", "action")
    touchpoint_ids = [tid for _, item in _items(data, "touchpoints") if (tid := _ident(item))]
    stage_set, tp_set = set(stage_ids), set(touchpoint_ids)

    for i, tp in _items(data, "touchpoints"):
        if not isinstance(tp, dict):
            continue
        name = _ident(tp) or f"#{i + 1}"
        stage = tp.get("stage")
        # A stage that is no id at all (`stage: Tender & contract`) is the schema's to report.
        if _is_slug(stage) and stage_ids and stage not in stage_set:
            by_name = stage_named(stage, declared_stages(stages, ws.config.stage_models))
            hint = f"; '{stage}' is the name of stage '{by_name}': write `stage: {by_name}`" if by_name else ""
            yield at(
                ("touchpoints", i, "stage"),
                "unknown-reference",
                f"touchpoint '{name}' is in stage '{stage}', which this journey does not have (its stages: {', '.join(stage_ids)}){hint or did_you_mean(stage, stage_ids)}",
            )
        for j, pid in _str_list(tp, "personas"):
            # A reference to what a mistyped list item meant is right: the list item is the
            # one root cause, reported once (with this id as its suggestion).
            if pid not in listed and pid not in meant:
                yield at(
                    ("touchpoints", i, "personas", j),
                    "unknown-reference",
                    f"persona '{pid}' is not one of this journey's personas: add it to the journey's `personas:` list or fix the id{did_you_mean(pid, persona_ids)}",
                )
        for j, quote in _items(tp, "quotes"):
            who = quote.get("persona") if isinstance(quote, dict) else None
            if _is_slug(who) and who not in listed and who not in meant:
                yield at(
                    ("touchpoints", i, "quotes", j, "persona"),
                    "unknown-reference",
                    f"quote by persona '{who}', who is not one of this journey's personas: fix the id or add the "
                    f"persona to the journey's `personas:` list{did_you_mean(who, persona_ids)}",
                )
        for j, nid in _str_list(tp, "next"):
            if nid not in tp_set:
                yield at(
                    ("touchpoints", i, "next", j),
                    "unknown-reference",
                    f"next touchpoint '{nid}' does not exist in this journey{did_you_mean(nid, touchpoint_ids)}",
                )
        channel = tp.get("channel")
        if _is_slug(channel) and channel not in channels:
            yield at(("touchpoints", i, "channel"), "unknown-channel", _channel_message(channel, channels))

    yield from _shared_activities(f)

    for i, action in _items(data, "actions"):
        for j, tid in _str_list(action, "addresses"):
            if tid not in tp_set:
                yield at(
                    ("actions", i, "addresses", j),
                    "unknown-reference",
                    f"action addresses touchpoint '{tid}', which does not exist in this journey{did_you_mean(tid, touchpoint_ids)}",
                )

    parent = data.get("parent")
    if isinstance(parent, str) and parent not in journeys:
        yield at(
            ("parent",),
            "unknown-reference",
            f"parent journey '{parent}' is not in this workspace{did_you_mean(parent, journeys)}",
        )
    elif isinstance(parent, str) and parent == data.get("id"):
        yield at(
            ("parent",), "invalid-value", "a journey cannot be its own parent; point `parent` at a broader journey"
        )


def _evidence_paths(f: SourceFile, root: Path) -> Iterator[Finding]:
    """An evidence `path` names a file of the workspace, relative to its root, that exists:
    the report links it, and a link that leaves the workspace or goes nowhere helps no one."""
    for i, tp in _items(f.data, "touchpoints"):
        for j, item in _items(tp, "evidence"):
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str) or not path:
                continue
            here = _Def(f, ("touchpoints", i, "evidence", j, "path"))
            rel = PurePosixPath(path.replace("\\", "/"))
            if rel.is_absolute() or PureWindowsPath(path).drive:
                yield here.finding(
                    "invalid-value",
                    f"evidence path '{path}' is absolute; write it relative to the workspace root ({root.name}/)",
                )
            elif ".." in rel.parts:
                yield here.finding(
                    "invalid-value",
                    f"evidence path '{path}' leaves the workspace; write it relative to the workspace root, "
                    "without '..'",
                )
            elif not (root / rel).is_file():
                yield here.finding(
                    "unknown-reference",
                    f"evidence file '{path}' does not exist in the workspace; paths are relative to the "
                    "workspace root (where cjm.yaml is)",
                )


def _shared_activities(f: SourceFile) -> Iterator[Finding]:
    """MEASURE.md: an activity that two touchpoints of a journey match is an error at both
    `events:` lines (an event must count for one touchpoint only)."""
    from .measure.patterns import PatternRef, conflicts

    tps = [tp for _, tp in _items(f.data, "touchpoints")]
    refs = [
        PatternRef(i, j, pattern)
        for i, tp in enumerate(tps)
        if isinstance(tp, dict)
        for j, pattern in _str_list(tp, "events")
    ]
    for a, b in conflicts(refs):
        for here, other in ((a, b), (b, a)):
            there = _Def(f, ("touchpoints", other.touchpoint, "events", other.index))
            name = _ident(tps[other.touchpoint]) or f"#{other.touchpoint + 1}"
            same = "the same pattern" if a.pattern == b.pattern else f"'{other.pattern}'"
            yield _Def(f, ("touchpoints", here.touchpoint, "events", here.index)).finding(
                "shared-activity",
                f"activity pattern '{here.pattern}' also selects events of touchpoint '{name}' ({same}, at "
                f"{there.where()}); an event belongs to one touchpoint, so make the patterns disjoint",
            )


def _unique_in_journey(f: SourceFile, key: str, kind: str) -> Iterator[Finding]:
    seen: dict[str, list[int]] = {}
    for i, item in _items(f.data, key):
        if (ident := _ident(item)) is not None:
            seen.setdefault(ident, []).append(i)
    for ident, places in seen.items():
        if len(places) < 2:
            continue
        defs = [_Def(f, (key, i, "id")) for i in places]
        for here in defs:
            others = _elsewhere(defs, here)
            yield here.finding(
                "duplicate-id",
                f"{kind} id '{ident}' is also used at {others}; {kind} ids are unique within a journey, so rename one",
            )


def _channels(f: SourceFile, persona_key: PathT, channels: tuple[str, ...]) -> Iterator[Finding]:
    for i, persona in _items(f.data, str(persona_key[0])):
        for j, ch in _str_list(persona, "channels"):
            if _is_slug(ch) and ch not in channels:
                yield _Def(f, (*persona_key, i, "channels", j)).finding(
                    "unknown-channel", _channel_message(ch, channels)
                )


def _channel_message(channel: str, channels: tuple[str, ...]) -> str:
    return (
        f"'{channel}' is not a known channel: use a built-in channel or add it to `channels:` in cjm.yaml"
        f"{did_you_mean(channel, channels)}"
    )


def _is_slug(value: Any) -> bool:
    # Malformed names are reported by the schema already; do not report them twice.
    return isinstance(value, str) and SLUG.match(value) is not None
