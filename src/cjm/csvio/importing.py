"""`cjm import csv`: rows to a journey; every cell not imported as it was is reported by
row and column."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from ..hints import slugify
from ..model import CHANNELS
from ..stages import STAGE_MODELS, stage_named, stage_title
from .cells import (
    COLUMNS,
    FIELD,
    HEADER_SEARCH_ROWS,
    MAX_ID_LENGTH,
    NUMBER_MAPS,
    SCORE_MAPS,
    SCORES,
    SYNONYMS,
    TEXT_LISTS,
    as_id,
    column_label,
    header_key,
    parse_number,
    split_ids,
    split_items,
    unescape_formula,
)

# Channel words people write that are not cjm's channel ids.
CHANNEL_SYNONYMS: dict[str, str] = {
    "website": "web",
    "web-site": "web",
    "e-mail": "email",
    "newsletter": "email",
    "call": "phone",
    "phone-call": "phone",
    "telephone": "phone",
    "live-chat": "chat",
    "in-app": "product",
    "app": "product",
    "meeting": "in-person",
    "on-site": "in-person",
    "onsite": "in-person",
    "face-to-face": "in-person",
    "documentation": "docs",
    "help-center": "docs",
    "knowledge-base": "docs",
    "linkedin": "social",
    "referral": "peer-referral",
    "word-of-mouth": "peer-referral",
    "reviews": "review-site",
    "g2": "review-site",
    "forum": "community",
    "reseller": "partner",
}


@dataclass(frozen=True)
class RowProblem:
    """Something in the sheet that was not imported as it was. `row` is the spreadsheet's
    row number (header = 1), `column` its column number; `skipped` when the whole row was
    left out."""

    row: int
    message: str
    skipped: bool = False
    column: int | None = None  # the spreadsheet's column number (A = 1) of the cell at fault
    # The cjm column of that cell (`emotion`): a merge keeps the old value of a cell it could
    # not read, instead of treating it as emptied.
    key: str | None = field(default=None, compare=False)


@dataclass
class Imported:
    """What `rows_to_journey` made of a sheet.

    `data` is the journey as plain dicts and lists in FORMAT.md key order (None when no row
    could be imported); `notes` are sheet-level remarks (ignored columns) that lose no
    touchpoint data.
    """

    data: dict[str, Any] | None
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_imported: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # column read -> the sheet's heading
    rows: list[int] = field(default_factory=list)  # the sheet row of each imported touchpoint
    new_personas: dict[str, str] = field(default_factory=dict)  # id -> cell text, personas first met here

    @property
    def rows_skipped(self) -> int:
        return len({p.row for p in self.problems if p.skipped})


def rows_to_journey(
    rows: Sequence[Sequence[str]],
    *,
    journey_id: str,
    title: str,
    stage_model: str | None = None,
    model_stages: Sequence[tuple[str, str]] | None = None,
    library_personas: Iterable[str] | Mapping[str, str] = (),
    defined_elsewhere: Mapping[str, str] | None = None,
    channels: Iterable[str] = CHANNELS,
    journey_stages: Sequence[tuple[str, str]] | None = None,
    journey_personas: Mapping[str, str] | None = None,
    existing_touchpoints: Mapping[str, str] | None = None,
) -> Imported:
    """Map sheet rows (header row included, as `read_rows` returns them) to a journey.

    `stage_model`: a stage model name to map stage cells onto (by id or by name); without it
    the journey gets an explicit stage list in order of first appearance. `model_stages`:
    its stages as (id, name) when it is one of cjm.yaml's `stage_models:` (default: the
    built-in model's). `library_personas`: ids the
    target workspace already defines (referenced by bare id; others get an inline stub), or
    id -> name, so that persona cells may name them. `defined_elsewhere`: persona id -> file,
    for personas other journeys define inline (a second definition is a duplicate id in the
    workspace, so it is reported). `channels`: the channel ids allowed (built-ins plus the
    workspace's `channels`).

    Importing into an existing journey (`cjm import csv --into`): `journey_stages` are its
    stages as (id, name), the only ones a row may name (any other is reported and the row
    skipped, never appended); `journey_personas` its personas (id -> name);
    `existing_touchpoints` its touchpoints (id -> name), which rows update by id (or, without
    an id cell, by exact name) and `next` cells may name.
    Raises UserError when the sheet has no recognisable header.
    """
    header_at, columns, notes = _header(rows)
    library = dict(library_personas) if isinstance(library_personas, Mapping) else dict.fromkeys(library_personas, "")
    sheet = _Sheet(
        columns=columns,
        stage_model=stage_model,
        model_stages=list(model_stages) if model_stages is not None else None,
        library_personas=set(library),
        defined_elsewhere=dict(defined_elsewhere or {}),
        channels=set(channels),
        journey_stages=list(journey_stages) if journey_stages is not None else None,
        known_personas={**library, **(journey_personas or {})},
        existing=dict(existing_touchpoints or {}),
    )
    if header_at > 0:
        notes.insert(0, f"rows 1-{header_at} are above the header row (row {header_at + 1}) and were not read")
    records = [(n, row) for n, row in enumerate(rows, start=1) if n > header_at + 1]
    explicit_ids = ({as_id(_get(row, columns, "id")) for _, row in records} | set(sheet.existing)) - {""}
    taken: set[str] = set()
    touchpoints: list[tuple[int, dict[str, Any], list[str]]] = []
    read = 0
    for number, row in records:
        if not any(cell.strip() for cell in row):
            continue  # blank rows separate sections in sheets; they hold nothing to lose
        read += 1
        result = sheet.touchpoint(number, row, explicit_ids, taken)
        if result is not None:
            touchpoints.append((number, *result))
    headings = rows[header_at]
    imported = Imported(
        data=None,
        problems=sheet.problems,
        notes=notes,
        rows_read=read,
        columns={column: headings[index].strip() for column, index in columns.items()},
    )
    imported.new_personas = {pid: text for pid, text in sheet.personas.items() if pid not in sheet.known_personas}
    if not touchpoints:
        return imported
    _resolve_next(touchpoints, sheet)
    imported.rows_imported = len(touchpoints)
    imported.rows = [number for number, _, _ in touchpoints]
    imported.problems.sort(key=lambda p: p.row)
    if not sheet.personas and sheet.journey_stages is None:
        return imported
    imported.data = {
        "cjm": 1,
        "id": journey_id,
        "title": title,
        "stages": stage_model if stage_model else sheet.stage_list(),
        "personas": sheet.persona_entries(),
        "touchpoints": [tp for _, tp, _ in touchpoints],
    }
    return imported


def _header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[str, int], list[str]]:
    """(index of the header row, column name -> cell index, notes about ignored columns)."""
    index = next(
        (
            i
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if {"touchpoint", "stage"} <= {SYNONYMS.get(header_key(cell)) for cell in row}
        ),
        None,
    )
    if index is None:
        found = next((r for r in rows if any(c.strip() for c in r)), [])
        shown = ", ".join(repr(c.strip()) for c in found if c.strip()) or "nothing"
        raise UserError(
            "no header row with a 'stage' and a 'touchpoint' (or 'name') column in the first "
            f"{HEADER_SEARCH_ROWS} rows (the first row holds {shown}); "
            f"the columns cjm reads are: {', '.join(COLUMNS)}"
        )
    row = rows[index]
    keys = [SYNONYMS.get(header_key(cell)) for cell in row]
    columns: dict[str, int] = {}
    notes: list[str] = []
    for col, (cell, key) in enumerate(zip(row, keys, strict=True)):
        label = column_label(row, col)
        if key is None:
            if cell.strip() or any(col < len(r) and r[col].strip() for r in rows[index + 1 :]):
                notes.append(f"column {label} was ignored: cjm has no touchpoint field for it")
        elif key in columns:
            notes.append(f"column {label} was ignored: column {column_label(row, columns[key])} is already {key}")
        else:
            columns[key] = col
    return index, columns, notes


def _get(row: Sequence[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    if index is None or index >= len(row):
        return ""
    return unescape_formula(row[index].strip()).strip()


@dataclass
class _Sheet:
    """State while mapping rows: stages and personas met so far, problems found."""

    columns: dict[str, int]
    stage_model: str | None
    library_personas: set[str]
    defined_elsewhere: dict[str, str]
    channels: set[str]
    journey_stages: list[tuple[str, str]] | None = None
    model_stages: list[tuple[str, str]] | None = None  # (id, name) of a shared stage model
    known_personas: dict[str, str] = field(default_factory=dict)  # id -> name, defined before this sheet
    existing: dict[str, str] = field(default_factory=dict)  # touchpoint id -> name, of the journey updated
    problems: list[RowProblem] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)  # id -> the cell text it came from
    personas: dict[str, str] = field(default_factory=dict)  # id -> the cell text it came from

    def problem(self, row: int, message: str, *, column: str, skipped: bool = False) -> None:
        index = self.columns.get(column)
        self.problems.append(RowProblem(row, message, skipped, None if index is None else index + 1, column))

    def label(self, column: str) -> str:
        return f"column '{column}'" if column in self.columns else column

    def touchpoint(
        self, number: int, row: Sequence[str], explicit_ids: set[str], taken: set[str]
    ) -> tuple[dict[str, Any], list[str]] | None:
        """The touchpoint of one row and its raw `next` entries, or None if it is skipped."""

        def get(column: str) -> str:
            return _get(row, self.columns, column)

        name = get("touchpoint")
        if not name:
            self.problem(
                number,
                "skipped: the touchpoint (name) cell is empty; every touchpoint needs a name",
                column="touchpoint",
                skipped=True,
            )
            return None
        stage = self.stage(number, get("stage"))
        if stage is None:
            return None
        tp_id = self.touchpoint_id(number, get("id"), name, explicit_ids, taken)
        if tp_id is None:
            return None
        # Registered only now, so a skipped row adds no stage that has no touchpoint.
        self.stages.setdefault(stage, get("stage"))
        tp: dict[str, Any] = {"id": tp_id, "stage": stage, "name": name}
        for column in COLUMNS[3:]:
            cell = get(column)
            if not cell:
                continue
            value = self.value(number, column, cell)
            if value not in (None, [], {}):
                tp[FIELD[column]] = value
        taken.add(tp_id)
        next_ids = tp.pop("next", [])
        return tp, next_ids

    def stage(self, number: int, cell: str) -> str | None:
        if not cell:
            self.problem(
                number,
                "skipped: the stage cell is empty (if the sheet had merged stage cells, fill them down before "
                "saving as CSV)",
                column="stage",
                skipped=True,
            )
            return None
        if self.journey_stages is not None:
            return self.journey_stage(number, cell)
        if self.stage_model is not None:
            return self.model_stage(number, cell, self.stage_model)
        for sid, text in self.stages.items():
            if text == cell:
                return sid
        return as_id(cell) or f"stage-{len(self.stages) + 1}"

    def model_stage(self, number: int, cell: str, model: str) -> str | None:
        """A stage of `--stages MODEL`, by id, name or numbered name, as `cjm new --stage` takes
        it: a shared model's names need not be its ids ("Tender and contract" is `contract`)."""
        known = self.model_stages or [(sid, stage_title(sid)) for sid, _ in STAGE_MODELS[model]]
        found = _stage_of(cell, known)
        if found is None:
            listed = ", ".join(sid if slugify(name) == sid else f"{sid} ({name})" for sid, name in known)
            self.problem(
                number,
                f"skipped: stage '{cell}' is not a stage of {model} ({listed}); rename it, "
                "or import without --stages to keep the sheet's own stages",
                column="stage",
                skipped=True,
            )
        return found

    def journey_stage(self, number: int, cell: str) -> str | None:
        """A stage of the journey being updated, by id, name or numbered name ("2. Setup")."""
        found = _stage_of(cell, self.journey_stages or [])
        if found is not None:
            return found
        listed = ", ".join(sid for sid, _ in self.journey_stages or [])
        self.problem(
            number,
            f"skipped: stage '{cell}' is not a stage of this journey (its stages: {listed}); fix the cell, or add "
            "the stage to the journey's `stages:` and import again",
            column="stage",
            skipped=True,
        )
        return None

    def touchpoint_id(self, number: int, cell: str, name: str, explicit: set[str], taken: set[str]) -> str | None:
        if cell:
            tp_id = as_id(cell)
            if tp_id and tp_id in taken:
                self.problem(
                    number,
                    f"skipped: id '{cell}' is already used by an earlier row; ids must be unique",
                    column="id",
                    skipped=True,
                )
                return None
            if tp_id:
                return tp_id
            self.problem(
                number, f"id '{cell}' has no letters or digits to make an id from; made one from the name", column="id"
            )
        # Without an id, a row updates the journey's touchpoint of exactly that name.
        same_name = [tid for tid, tname in self.existing.items() if tname == name and tid not in taken]
        if len(same_name) == 1:
            return same_name[0]
        base = slugify(name, MAX_ID_LENGTH) or "touchpoint"
        tp_id, n = base, 1
        while tp_id in taken or tp_id in explicit:
            n += 1
            tp_id = f"{base}-{n}"
        return tp_id

    def value(self, number: int, column: str, cell: str) -> Any:
        if column in TEXT_LISTS:
            return split_items(cell)
        if column in NUMBER_MAPS:
            return self.numbers(number, column, cell)
        if column in SCORES:
            return self.score(number, column, cell)
        if column in SCORE_MAPS:
            return self.persona_scores(number, column, cell)
        if column == "personas":
            return self.persona_ids(number, cell)
        if column == "next":
            return split_ids(cell)
        if column == "channel":
            return self.channel(number, cell)
        if column == "owner":
            owner = as_id(cell)
            if not owner:
                self.problem(
                    number, f"owner '{cell}' has no letters or digits to make an id from; left out", column="owner"
                )
            return owner or None
        return cell

    def score(self, number: int, column: str, cell: str) -> int | None:
        match = re.fullmatch(r"([0-9]+)(?:\.0*)?", cell)
        if match and 1 <= int(match.group(1)) <= 5:
            return int(match.group(1))
        self.problem(number, f"{column} '{cell}' is not a whole number from 1 to 5; left out", column=column)
        return None

    def persona_scores(self, number: int, column: str, cell: str) -> dict[str, int]:
        """`persona=score` items, each checked in turn (the ids later, like every reference)."""
        scores: dict[str, int] = {}
        for item in split_items(cell):
            key, sep, text = item.rpartition("=")
            pid = as_id(key.strip())
            if not sep or not pid or not re.fullmatch(r"[1-5]", text.strip()):
                self.problem(
                    number,
                    f"{column} item '{item}' is not persona=score with a whole score from 1 to 5 "
                    "(e.g. site-supervisor=4); left out",
                    column=column,
                )
            elif pid in scores:
                self.problem(number, f"{column} names '{pid}' twice; kept the first", column=column)
            else:
                scores[pid] = int(text)
        return scores

    def numbers(self, number: int, column: str, cell: str) -> dict[str, float | int]:
        values: dict[str, float | int] = {}
        for item in split_items(cell):
            key, sep, text = item.rpartition("=")
            if not sep:
                key, sep, text = item.rpartition(":")
            key, text = key.strip(), text.strip()
            value = parse_number(text)
            if not sep or not key or value is None:
                self.problem(
                    number,
                    f"{column} item '{item}' is not name=number (e.g. conversion_rate=0.04); left out",
                    column=column,
                )
                continue
            if key in values:
                self.problem(number, f"{column} names '{key}' twice; kept the first", column=column)
                continue
            values[key] = value
        return values

    def persona_ids(self, number: int, cell: str) -> list[str]:
        ids: list[str] = []
        for text, pid in self.persona_refs(number, cell):
            if pid is None:
                continue
            if not pid:
                self.problem(
                    number, f"persona '{text}' has no letters or digits to make an id from; left out", column="personas"
                )
                continue
            if pid not in self.personas and pid in self.defined_elsewhere and pid not in self.library_personas:
                self.problem(
                    number,
                    f"persona '{pid}' is already defined in {self.defined_elsewhere[pid]}, and persona ids are unique "
                    "in a workspace: move it to a persona library file (then this journey refers to it by id) and "
                    "import again",
                    column="personas",
                )
            self.personas.setdefault(pid, text)
            if pid not in ids:
                ids.append(pid)
        return ids

    def persona_refs(self, number: int, cell: str) -> list[tuple[str, str | None]]:
        """(text, id) for each persona a cell names; id None: reported and left out.

        Items are separated by `;` or line breaks, and by `,` unless the comma is part of a
        name: "Sam, Kitchen Supervisor (site staff)" is one persona when one is named so. At
        each item, the longest run of comma-separated parts that is a persona's whole name or
        id wins; else a single part that uniquely begins a persona's name ("Owen" for "Owen,
        Operations Director"); else it is a new persona.
        """
        out: list[tuple[str, str | None]] = []
        for item in re.split(r"[;\n\r]", cell):
            parts = [part.strip() for part in item.split(",") if part.strip()]
            at = 0
            while at < len(parts):
                for end in range(len(parts), at, -1):
                    text = ", ".join(parts[at:end])
                    pid = self.persona_by_name_or_id(text)
                    if pid is not None:
                        break
                else:
                    end, text = at + 1, parts[at]
                    pid = self.persona_by_prefix(number, text)
                out.append((text, pid))
                at = end
        return out

    def persona_by_name_or_id(self, text: str) -> str | None:
        folded = " ".join(text.split()).casefold()
        named = [pid for pid, name in self.known_personas.items() if " ".join(name.split()).casefold() == folded]
        if len(named) == 1:
            return named[0]
        pid = as_id(text)
        if pid and (pid in self.known_personas or pid in self.personas):
            return pid
        return None

    def persona_by_prefix(self, number: int, text: str) -> str | None:
        """A persona whose name starts with `text` as whole words; else a new persona's id
        ("" when the text makes none), or None when the text is ambiguous (reported)."""
        folded = " ".join(text.split()).casefold()
        starts = [
            pid
            for pid, name in self.known_personas.items()
            if (n := " ".join(name.split()).casefold()).startswith(folded) and n[len(folded) : len(folded) + 1] in " ,("
        ]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            names = ", ".join(f"'{self.known_personas[pid]}' ({pid})" for pid in starts)
            self.problem(
                number,
                f"persona '{text}' could be any of {names}; left out: write the persona's id or whole name",
                column="personas",
            )
            return None
        return as_id(text)

    def channel(self, number: int, cell: str) -> str:
        slug = as_id(cell)
        slug = CHANNEL_SYNONYMS.get(slug, slug)
        if slug in self.channels:
            return slug
        self.problem(
            number,
            f"channel '{cell}' is not a known channel; imported as 'other' (to keep it, add `channels: [{slug or 'name'}]` "
            "to cjm.yaml and import again)",
            column="channel",
        )
        return "other"

    def stage_list(self) -> list[dict[str, str]]:
        # A name that the id already spells ("Go-live" for go-live) would only repeat it.
        return [
            {"id": sid} if text in (sid, stage_title(sid)) else {"id": sid, "name": text}
            for sid, text in self.stages.items()
        ]

    def persona_entries(self) -> list[str | dict[str, str]]:
        # A library persona is referenced; any other gets an inline stub to fill in later.
        return [
            pid if pid in self.library_personas else {"id": pid} if text == pid else {"id": pid, "name": text}
            for pid, text in self.personas.items()
        ]


def _resolve_next(touchpoints: list[tuple[int, dict[str, Any], list[str]]], sheet: _Sheet) -> None:
    """`next` cells may name a touchpoint by id or by its name; keep what resolves."""
    ids = {tp["id"] for _, tp, _ in touchpoints} | set(sheet.existing)
    by_name: dict[str, str] = {}
    for _, tp, _ in touchpoints:
        by_name.setdefault(slugify(tp["name"]), tp["id"])
    for tid, name in sheet.existing.items():
        by_name.setdefault(slugify(name), tid)
    for number, tp, entries in touchpoints:
        resolved: list[str] = []
        for entry in entries:
            slug = as_id(entry)
            target = slug if slug in ids else by_name.get(slugify(entry))
            if target is None:
                sheet.problem(
                    number, f"next '{entry}' names no imported touchpoint (id or name); left out", column="next"
                )
            elif target not in resolved:
                resolved.append(target)
        if resolved:
            # Keep FORMAT.md key order: `next` comes after backstage, before description.
            description = tp.pop("description", None)
            tp["next"] = resolved
            if description is not None:
                tp["description"] = description


def to_yaml(data: dict[str, Any], *, source_name: str) -> str:
    """The journey as YAML in cjm's canonical layout, with a header comment (no timestamp:
    importing the same sheet twice gives the same bytes)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from ..roundtrip import dump

    def build(value: Any, flow: bool = False) -> Any:
        if isinstance(value, dict):
            out = CommentedMap()
            for key, item in value.items():
                out[key] = build(item, flow=key in ("personas", "next") and _all_slugs(item))
            return out
        if isinstance(value, list):
            seq = CommentedSeq(build(item) for item in value)
            if flow:
                seq.fa.set_flow_style()
            return seq
        return value

    doc = build(data)
    for index in range(1, len(doc["touchpoints"])):
        doc["touchpoints"].yaml_set_comment_before_after_key(index, before="\n")
    doc.yaml_set_start_comment(
        f"Imported from {source_name} by `cjm import csv`. Add objective, scope, owner and\n"
        "stage details, then check it with `cjm validate`."
    )
    text = dump(doc)
    # ruamel writes the blank-line "comment" as a line holding only indentation.
    return re.sub(r"^[ \t]+$", "", text, flags=re.MULTILINE)


def _all_slugs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v) for v in value)


def _stage_of(cell: str, stages: Sequence[tuple[str, str]]) -> str | None:
    """The id of the stage a cell names: its id, its name (case and spaces aside), either one
    numbered as sheets often do ("2. Setup"), or None."""
    bare = re.sub(r"^\s*\d+\s*[.):-]\s*", "", cell)
    ids = {as_id(cell), slugify(bare)}
    for sid, _ in stages:
        if sid in ids:
            return sid
    return stage_named(cell, stages) or stage_named(bare, stages)
