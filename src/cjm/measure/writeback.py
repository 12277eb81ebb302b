"""`cjm measure --write`: the figures into each journey's `measured:` blocks.

Only those blocks change: each is located in the text by the safe reader's positions,
replaced (or inserted where `cjm fmt` would put it: `measured` is the last key of a
journey and of a touchpoint), and every other line is kept byte for byte, as `cjm new`
splices entries. Nothing is written on trust: the result must parse to the old data with
only the `measured:` values changed, keep every comment, validate, and, when the file was
in the canonical layout, still be (so `cjm fmt --check` passes). The blocks are a pure
function of the figures, so a rerun with the same data writes the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..errors import UserError
from ..fmt import comment_texts, format_text, quote, same_data
from ..fmt.tree import FormatBug, FormatError
from ..newentity.splice import Edit, write_edit
from ..roundtrip import plain
from ..workspace import SourceFile, parse_source
from .figures import JourneyFigures
from .rounding import Value

INDENT = 2


def journey_block(jf: JourneyFigures) -> dict[str, Any]:
    """The journey-level `measured:` block (MEASURE.md section 5)."""
    block: dict[str, Any] = {"as_of": jf.as_of, "window": {"from": jf.window_from, "to": jf.window_to}}
    for key in ("events", "accounts", "unmapped_events", "conformance"):
        value = getattr(jf, key)
        if value is not None:
            block[key] = value
    stages = {}
    for sf in jf.stages:
        if not sf.measured:
            continue
        keys = ("accounts", "conversion", "drop_off", "median_days", "p90_days", "breadth", "conversion_by_breadth")
        fields = {k: getattr(sf, k) for k in keys}
        stages[sf.id] = {k: v for k, v in fields.items() if v is not None and v != {}}
    if stages:
        block["stages"] = stages
    return block


_TP_KEYS = (
    "accounts",
    "contacts",
    "share",
    "visits",
    "next",
    "next_accounts",
    "median_days_to_next",
    "responses",
    "response_rate",
    "csat",
    "nps",
    "ces",
    "emotion",
)


def touchpoint_blocks(jf: JourneyFigures) -> dict[str, dict[str, Any]]:
    out = {}
    for tf in jf.touchpoints:
        block = {k: getattr(tf, k) for k in _TP_KEYS}
        block = {k: v for k, v in block.items() if v is not None and v != {}}
        if block:
            out[tf.id] = block
    return out


@dataclass
class _Span:
    start: int  # 0-based first line to replace
    end: int  # 0-based line after the last
    indent: int


def plan_write(source: SourceFile, jf: JourneyFigures) -> Edit | None:
    """The edit that puts `jf` into the file (None: the file already holds these figures)."""
    if source.journey is None or any(f.severity == "error" for f in source.findings):
        raise UserError(
            f"{source.display}: the file has errors (`cjm validate` lists them); fix them before "
            "`cjm measure --write`; nothing was written"
        )
    text = source.text
    data = source.data
    raw = source.path.read_bytes()
    if raw.decode("utf-8-sig") != text:
        raise UserError(f"{source.display} changed while cjm was reading it; nothing was written, run cjm again")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    was_canonical = _canonical(text, source)

    tp_new = touchpoint_blocks(jf)
    j_new = journey_block(jf)
    expected = plain(data)
    edits: list[tuple[_Span, list[str]]] = []
    items = data.get("touchpoints")
    for i, tp in enumerate(items):
        block = tp_new.get(tp.get("id"))
        target = expected["touchpoints"][i]
        target.pop("measured", None)
        if block is not None:
            target["measured"] = plain(block)
        span = _touchpoint_span(lines, data, items, i)
        if span is None:
            raise UserError(
                f"{source.display}: touchpoint '{tp.get('id')}' is written in flow style ({{...}}); "
                "write it as a block mapping so cjm can add its measured: figures; nothing was written"
            )
        if block is None and span.start == span.end:
            continue
        edits.append((span, _render("measured", block, span.indent) if block is not None else []))
    expected.pop("measured", None)
    expected["measured"] = plain(j_new)
    edits.append((_journey_span(lines, data), _render("measured", j_new, 0)))

    removed = _apply(lines, [(s, []) for s, _ in edits])
    result = _apply(lines, edits)
    if result and result[-1] != "":
        result.append("")
    after_text = newline.join(result)
    before_text = newline.join(removed)
    _verify(source, after_text, before_text, expected, was_canonical)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    after = bom + after_text.encode("utf-8")
    if after == raw:
        return None
    return Edit(source.path, source.display, raw, after, 1, jf.id)


def _canonical(text: str, source: SourceFile) -> bool:
    try:
        return not format_text(text, source.kind, source.display, data=source.data).changed
    except (FormatError, FormatBug):
        return False


def _touchpoint_span(lines: list[str], data: Any, items: Any, i: int) -> _Span | None:
    """Where touchpoint i's `measured:` block is (or goes: an empty span after its last line)."""
    tp = items[i]
    mark = items.item_mark(i)
    if mark is None or not isinstance(tp, dict) or not tp:
        return None
    first_key = tp.key_mark(next(iter(tp)))
    if first_key is None:
        return None
    indent = first_key[1]
    item_line = mark[0]
    if "{" in lines[item_line][: first_key[1] + 1] or lines[first_key[0]][first_key[1] - 1 : first_key[1]] == "{":
        return None
    end = _item_end(lines, data, items, i, indent)
    if "measured" in tp:
        keys = list(tp)
        at = keys.index("measured")
        start = tp.key_mark("measured")[0]
        stop = tp.key_mark(keys[at + 1])[0] if at + 1 < len(keys) else end
        return _Span(start, stop, indent)
    return _Span(end, end, indent)


def _item_end(lines: list[str], data: Any, items: Any, i: int, indent: int) -> int:
    """The line after touchpoint i's last line of content (blank lines and comments that
    head what follows are not part of it)."""
    if i + 1 < len(items):
        boundary = items.item_mark(i + 1)[0]
    else:
        keys = list(data)
        at = keys.index("touchpoints")
        boundary = data.key_mark(keys[at + 1])[0] if at + 1 < len(keys) else len(lines)
    start = items.item_mark(i)[0]
    at = boundary
    while at - 1 > start:
        line = lines[at - 1]
        stripped = line.lstrip(" ")
        if not stripped or (stripped.startswith("#") and len(line) - len(stripped) < indent):
            at -= 1
            continue
        break
    return at


def _journey_span(lines: list[str], data: Any) -> _Span:
    keys = list(data)
    if "measured" in data:
        at = keys.index("measured")
        start = data.key_mark("measured")[0]
        stop = data.key_mark(keys[at + 1])[0] if at + 1 < len(keys) else len(lines)
        while stop - 1 > start and not lines[stop - 1].strip():
            stop -= 1
        return _Span(start, stop, 0)
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return _Span(end, end, 0)


def _apply(lines: list[str], edits: list[tuple[_Span, list[str]]]) -> list[str]:
    out = list(lines)
    # Bottom up, so earlier line numbers stay valid; at one line the journey block (indent 0,
    # the file's last key) goes in first, so a touchpoint's block lands above it.
    for span, body in sorted(edits, key=lambda e: (e[0].start, e[0].indent == 0), reverse=True):
        if span.start == span.end and span.indent == 0 and body:
            body = ["", *body]  # a new journey block: a blank line before it, like the other sections
        out[span.start : span.end] = body
    return out


def _scalar(value: Value | Any, flow: bool = False) -> str:
    if isinstance(value, str):
        return quote(value, flow=flow)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def _flow(mapping: dict[str, Any]) -> str:
    # Nested maps (a stage's breadth buckets) stay flow maps inside the one line.
    return (
        "{"
        + ", ".join(
            f"{quote(str(k), flow=True)}: {_flow(v) if isinstance(v, dict) else _scalar(v, flow=True)}"
            for k, v in mapping.items()
        )
        + "}"
    )


def _render(key: str, block: dict[str, Any], indent: int) -> list[str]:
    """The block in cjm's layout: nested mappings of figures in flow style, one per line."""
    pad = " " * indent
    out = [f"{pad}{key}:"]
    inner = " " * (indent + INDENT)
    for k, v in block.items():
        if k == "stages":
            out.append(f"{inner}stages:")
            out += [f"{inner}{' ' * INDENT}{quote(sid)}: {_flow(fig)}" for sid, fig in v.items()]
        elif isinstance(v, dict):
            out.append(f"{inner}{k}: {_flow(v)}")
        else:
            out.append(f"{inner}{k}: {_scalar(v)}")
    return out


def _verify(source: SourceFile, after: str, removed: str, expected: dict[str, Any], was_canonical: bool) -> None:
    def refuse(why: str) -> UserError:
        return UserError(
            f"{source.display}: cannot put the measured: figures in without changing other lines ({why}); "
            "run `cjm fmt` on it first; nothing was written"
        )

    probe = parse_source(after.encode("utf-8"), SourceFile(path=source.path, display=source.display), source.kind)
    if probe.data is None or not same_data(plain(probe.data), expected):
        raise refuse("the result would hold other data")
    errors = [f for f in probe.findings if f.severity == "error"]
    if probe.model is None or errors:
        where = f"{errors[0].line}:{errors[0].column}: {errors[0].message}" if errors else "no model"
        raise refuse(f"the result would not validate: {where}")
    if Counter(comment_texts(after)) != Counter(comment_texts(removed)):
        raise refuse("comments would move or be lost")
    if was_canonical and format_text(after, source.kind, source.display).changed:
        raise refuse("the result would not pass `cjm fmt --check`")


def write_edits(edits: list[Edit]) -> None:
    for edit in edits:
        write_edit(edit)
