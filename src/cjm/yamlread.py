"""Safe, bounded YAML reading that keeps positions.

Why not `YAML().load`: the round-trip loader is about 7x slower than the C parser, and the
safe composer both recurses (a deeply nested file can crash the interpreter) and resolves
every scalar through regexes in Python. cjm instead reads the C parser's event stream and
builds plain data itself with an explicit stack: each value gets its position, aliases are
counted rather than expanded (so "billion laughs" is refused before it costs anything), and
nesting depth is capped. Only YAML's core schema is understood (YAML 1.2: `yes`/`no` are
text); explicit tags other than the standard `!!str`-style ones are reported, never
constructed, so no file can create arbitrary objects.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .positions import NO_MARK, PosDict, PosList, unpack

MAX_DEPTH = 64
MAX_ALIAS_NODES = 100_000


@dataclass
class YamlProblem:
    """A problem found while reading; positions are 0-based here."""

    code: str
    line: int
    column: int
    message: str


@dataclass
class ParsedYaml:
    data: Any = None
    problems: list[YamlProblem] = field(default_factory=list)
    empty: bool = False


_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OTHER = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?\Z"
)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
    "!": "str",
}


def resolve_plain(value: str) -> Any:
    """Type of an unquoted scalar under YAML 1.2's core schema (plus ISO dates)."""
    first = value[:1]
    if first in "0123456789-+.":
        if _INT.match(value):
            return int(value)
        if _DATE.match(value):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                return value
        if _FLOAT.match(value) and value not in {".", "-", "+"}:
            return float(value)
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        if _INT_OTHER.match(value):
            return int(value, 0)
        if _TIMESTAMP.match(value):
            try:
                return _dt.datetime.fromisoformat(value.replace(" ", "T", 1).replace("t", "T"))
            except ValueError:
                return value
        return value
    if first in "~nNtTfF" or not value:
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return value


def _tagged(kind: str, value: str) -> Any:
    if kind == "str":
        return value
    resolved = resolve_plain(value)
    expected = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}
    want = expected.get(kind)
    if want is not None and isinstance(resolved, want) and not (kind == "int" and isinstance(resolved, bool)):
        return float(resolved) if kind == "float" else resolved
    if kind == "timestamp" and isinstance(resolved, (_dt.date, _dt.datetime)):
        return resolved
    raise ValueError(f"'{value}' is not a valid !!{kind}")


class _LimitExceeded(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        self.problem = problem


class _Frame:
    __slots__ = ("anchor", "container", "is_seq", "key_mark", "marks", "merges", "nodes", "pending_key")

    def __init__(self, container: PosDict | PosList, anchor: str | None, is_seq: bool) -> None:
        self.container = container
        self.marks = container.marks
        self.is_seq = is_seq
        self.pending_key: Any = _NO_KEY
        self.key_mark = 0  # packed, see positions.py
        self.merges: list[tuple[PosDict, int]] = []
        self.nodes = 1
        self.anchor = anchor


_NO_KEY = object()


def _parser(text: str) -> Any:
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - only without ruamel.yaml.clib
        return _pure_parser(text)
    return CParser(text)


def _pure_parser(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    return _EventIter(yaml.parse(text))


class _EventIter:
    """Gives the pure-Python event generator the CParser's `get_event` interface."""

    def __init__(self, events: Any) -> None:
        self._events = events

    def get_event(self) -> Any:
        return next(self._events, None)


def parse_yaml(text: str, *, max_depth: int = MAX_DEPTH, max_alias_nodes: int = MAX_ALIAS_NODES) -> ParsedYaml:
    """Parse one YAML document into PosDict/PosList/scalars, never raising on bad input."""
    result = ParsedYaml()
    try:
        _build(text, result, max_depth, max_alias_nodes)
    except _LimitExceeded as exc:
        result.data = None
        result.problems.append(exc.problem)
    except Exception as exc:
        result.data = None
        result.problems.append(_reader_problem(exc, text) or _syntax_problem(exc, text.splitlines()))
    if text and text[-1] not in _BREAK_CHARS:
        _clamp_to_last_line(result, text)
    return result


_BREAK_CHARS = "\r\n\x85\u2028\u2029"
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _clamp_to_last_line(result: ParsedYaml, text: str) -> None:
    """Keep every position inside a file whose last line has no line break.

    libyaml ends such a line with a virtual break, so what it reports at the very end (an
    unclosed `[`, an empty value after the last `key:`) lies on a line after the last one.
    Those positions move to the end of the last line, where the editor's cursor would be.
    """
    lines = _LINE_BREAK.split(text)
    last, end_column = len(lines) - 1, len(lines[-1])
    for problem in result.problems:
        if problem.line > last:
            problem.line, problem.column = last, end_column
    beyond = (last + 1) << 32  # packed marks at or after this are past the end
    end = last << 32 | end_column
    todo = [result.data] if isinstance(result.data, (PosDict, PosList)) else []
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if id(node) in seen:  # aliases share nodes
            continue
        seen.add(id(node))
        marks = node.marks
        if marks and max(marks) >= beyond:
            for i, mark in enumerate(marks):
                if mark >= beyond:
                    marks[i] = end
        todo.extend(v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, (PosDict, PosList)))


def _reader_problem(exc: Exception, text: str) -> YamlProblem | None:
    """A character YAML does not allow (ruamel's ReaderError), at its real line and column.

    The reader checks the whole stream before parsing and gives a character offset, not a
    mark, so without this every such file would be reported at 1:1.
    """
    position, character = getattr(exc, "position", None), getattr(exc, "character", None)
    if not isinstance(position, int) or not isinstance(character, (str, int)):
        return None
    char = character if isinstance(character, str) else chr(character)
    before = text[:position]
    breaks = list(_LINE_BREAK.finditer(before))
    line = len(breaks)
    column = position - (breaks[-1].end() if breaks else 0)
    name = unicodedata.name(char, "a control character")
    return YamlProblem(
        "syntax-error",
        line,
        column,
        f"YAML syntax error: character U+{ord(char):04X} ({name}) is not allowed in YAML text; delete it "
        "(editors may show it as a box or ^?), or write it as an escape in a double-quoted string",
    )


def _syntax_problem(exc: Exception, text_lines: list[str]) -> YamlProblem:
    from .yamlhints import Hint, explain

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else str(problem)
    started = getattr(exc, "context_mark", None)
    if started is not None and mark is not None and (started.line, started.column) != (line, col):
        text += f" (it started at line {started.line + 1}, column {started.column + 1})"
    try:
        hint = explain(text, text_lines, line, col, (started.line, started.column) if started is not None else None)
    except Exception:  # pragma: no cover - a hint must never cost the error itself
        hint = Hint(col, "fix the YAML at this position")
    return YamlProblem("syntax-error", line, hint.column, f"YAML syntax error: {text}; {hint.text}")


def _event_kinds() -> dict[type, int]:
    """Event class -> what `_build` does with it (classes it ignores are absent)."""
    global _KINDS
    if _KINDS is None:
        from ruamel.yaml import events

        _KINDS = {
            events.ScalarEvent: _SCALAR,
            events.MappingStartEvent: _MAP_START,
            events.SequenceStartEvent: _SEQ_START,
            events.MappingEndEvent: _END,
            events.SequenceEndEvent: _END,
            events.AliasEvent: _ALIAS,
            events.DocumentStartEvent: _DOC_START,
            events.StreamEndEvent: _STREAM_END,
        }
    return _KINDS


_KINDS: dict[type, int] | None = None
_SCALAR, _MAP_START, _SEQ_START, _END, _ALIAS, _DOC_START, _STREAM_END = range(7)
# First characters of a plain scalar that may resolve to something other than text
# (numbers, dates, null, booleans); the empty string is "in" this too and means null.
_MAY_RESOLVE = "0123456789-+.~nNtTfF"
_INTERN_MAX = 48


def _problem(code: str, mark: int, message: str) -> YamlProblem:
    line, column = unpack(mark)
    return YamlProblem(code, line, column, message)


def _build(text: str, result: ParsedYaml, max_depth: int, max_alias_nodes: int) -> None:
    # The hot loop of every command: one pass over the parser's events, with the common
    # case (a plain scalar that is a list item, a key or a value) inlined. Less common
    # events go through `add`, which handles every case. Marks are packed ints (positions.py).
    parser = _parser(text)
    get_event = parser.get_event
    kinds = _event_kinds()
    stack: list[_Frame] = []
    top: _Frame | None = None
    anchors: dict[str, tuple[Any, int]] = {}
    alias_nodes = 0
    documents = 0
    root: Any = None
    problems = result.problems
    may_resolve = _MAY_RESOLVE
    no_key = _NO_KEY
    intern = sys.intern

    def add(value: Any, mark: int, nodes: int, anchor: str | None) -> None:
        nonlocal root
        if anchor is not None:
            anchors[anchor] = (value, nodes)
        if top is None:
            root = value
            return
        frame = top
        frame.nodes += nodes
        target = frame.container
        if frame.is_seq:
            target.append(value)
            frame.marks.append(mark)
            return
        if frame.pending_key is no_key:
            if isinstance(value, (dict, list)):
                problems.append(
                    _problem(
                        "syntax-error",
                        mark,
                        "a mapping key must be plain text, not a list or mapping; write `key: value`",
                    )
                )
                frame.pending_key = _COMPLEX_KEY
            else:
                frame.pending_key = intern(value if isinstance(value, str) else _key_text(value))
            frame.key_mark = mark
            return
        key = frame.pending_key
        frame.pending_key = no_key
        if key is _COMPLEX_KEY:
            return
        if key == "<<":
            for merged in value if isinstance(value, list) else [value]:
                if isinstance(merged, PosDict):
                    frame.merges.append((merged, frame.key_mark))
                else:
                    problems.append(
                        _problem(
                            "syntax-error",
                            mark,
                            "a merge key `<<` needs a mapping or a list of mappings (an alias like *defaults)",
                        )
                    )
            return
        if key in target:
            first = target.key_mark(key) or (0, 0)
            problems.append(
                _problem(
                    "duplicate-key",
                    frame.key_mark,
                    f"duplicate key '{key}': it is already set at line {first[0] + 1}, column {first[1] + 1}; "
                    "YAML keys must be unique, so remove or merge one of them",
                )
            )
            return
        target[key] = value
        frame.marks.append(frame.key_mark)
        frame.marks.append(NO_MARK if isinstance(value, (dict, list)) else mark)

    while True:
        event = get_event()
        if event is None:
            break
        kind = kinds.get(event.__class__)
        if kind == _SCALAR:
            start = event.start_mark
            mark = start.line << 32 | start.column
            value: Any = event.value
            tag = event.ctag
            if tag is not None and (tag := str(tag)) != "!":
                std = _STANDARD_TAGS.get(tag)
                if std is None or std in ("map", "seq"):
                    problems.append(
                        _problem(
                            "unsupported-tag",
                            mark,
                            f"tag '{_short_tag(tag)}' is not supported; remove it (cjm reads plain YAML only)",
                        )
                    )
                else:
                    try:
                        value = _tagged(std, value)
                    except ValueError as exc:
                        problems.append(_problem("syntax-error", mark, f"{exc}; remove the tag or fix the value"))
            elif not event.style and event.implicit[0] and value[:1] in may_resolve:
                value = resolve_plain(value)
            if value.__class__ is str and len(value) <= _INTERN_MAX:
                # Ids, slugs and short labels repeat all over a workspace: keep one copy of each.
                value = intern(value)
            anchor = event.anchor
            if anchor is not None or top is None:
                add(value, mark, 1, anchor)
                continue
            # Inlined `add` of a scalar without an anchor into the open container.
            top.nodes += 1
            target = top.container
            if top.is_seq:
                target.append(value)
                top.marks.append(mark)
            elif top.pending_key is no_key:
                top.pending_key = value if isinstance(value, str) else intern(_key_text(value))
                top.key_mark = mark
            else:
                key = top.pending_key
                if key is _COMPLEX_KEY or key == "<<" or key in target:
                    add(value, mark, 0, None)  # the rare cases; `nodes` was counted above
                    continue
                top.pending_key = no_key
                target[key] = value
                marks = top.marks
                marks.append(top.key_mark)
                marks.append(mark)
        elif kind == _END:
            frame = stack.pop()
            top = stack[-1] if stack else None
            container = frame.container
            if frame.merges:
                for merged, merge_mark in frame.merges:
                    aligned = len(merged.marks) == 2 * len(merged) + 1
                    for i, (key, value) in enumerate(merged.items()):
                        if key not in container:
                            container[key] = value
                            frame.marks.append(merged.marks[2 * i + 1] if aligned else merge_mark)
                            frame.marks.append(merged.marks[2 * i + 2] if aligned else NO_MARK)
            add(container, container.marks[0], frame.nodes, frame.anchor)
        elif kind in (_MAP_START, _SEQ_START):
            start = event.start_mark
            mark = start.line << 32 | start.column
            if len(stack) >= max_depth:
                raise _LimitExceeded(
                    _problem(
                        "nesting-too-deep",
                        mark,
                        f"nesting is deeper than {max_depth} levels; a journey file never needs that, so flatten the structure",
                    )
                )
            tag = event.ctag
            is_map = kind == _MAP_START
            if tag is not None and (tag := str(tag)) != "!" and _STANDARD_TAGS.get(tag) != ("map" if is_map else "seq"):
                problems.append(
                    _problem(
                        "unsupported-tag",
                        mark,
                        f"tag '{_short_tag(tag)}' is not supported; remove it (cjm reads plain YAML only)",
                    )
                )
            top = _Frame(PosDict(mark) if is_map else PosList(mark), event.anchor, not is_map)
            stack.append(top)
        elif kind == _ALIAS:
            start = event.start_mark
            mark = start.line << 32 | start.column
            anchor = event.anchor
            if anchor not in anchors:
                problems.append(
                    _problem(
                        "syntax-error",
                        mark,
                        f"alias *{anchor} is used before its anchor &{anchor} is defined (or the anchor is recursive); define the anchor first",
                    )
                )
                add(None, mark, 1, None)
                continue
            value, nodes = anchors[anchor]
            alias_nodes += nodes
            if alias_nodes > max_alias_nodes:
                raise _LimitExceeded(
                    _problem(
                        "alias-limit",
                        mark,
                        f"aliases here would expand to more than {max_alias_nodes:,} values (a 'billion laughs' pattern); "
                        "cjm refuses to expand them. Write the values out or use fewer nested aliases",
                    )
                )
            add(value, mark, nodes, None)
        elif kind == _DOC_START:
            documents += 1
            if documents == 2:
                start = event.start_mark
                problems.append(
                    YamlProblem(
                        "multiple-documents",
                        start.line,
                        start.column,
                        "this file holds more than one YAML document (a second `---`); put one journey per file",
                    )
                )
        elif kind == _STREAM_END:
            break
    result.data = root
    result.empty = documents == 0


_COMPLEX_KEY = object()


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
