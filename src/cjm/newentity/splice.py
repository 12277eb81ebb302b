"""Splicing an entity into the file's text so that every existing byte stays as it was."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..output import replace_file
from ..prose import PROSE_LISTS
from ..roundtrip import plain
from ..workspace import SourceFile, parse_source
from .target import TargetFile


@dataclass
class Edit:
    """A planned change: the file's bytes before and after, and where the entity landed."""

    path: Path
    display: str
    before: bytes
    after: bytes
    line: int  # 1-based line of the entity's first key
    entity_id: str

    def diff(self) -> str:
        old = self.before.decode("utf-8-sig").splitlines(keepends=True)
        new = self.after.decode("utf-8-sig").splitlines(keepends=True)
        relative = not Path(self.display).is_absolute()
        a, b = (f"a/{self.display}", f"b/{self.display}") if relative else (self.display, self.display)
        return "".join(difflib.unified_diff(old, new, a, b))


def add_entry(tf: TargetFile, key: str, entry: dict[str, Any] | str, after_index: int | None = None) -> Edit:
    """Insert `entry` (a mapping, or a bare id such as a library persona reference) into the
    top-level list `key` after item `after_index` (None: at the end, -1: before the first
    item), keeping every existing byte of the file."""
    data = tf.source.data
    items = data.get(key)
    count = len(items) if isinstance(items, list) else 0
    index = count if after_index is None else after_index + 1
    expected = plain(data)
    expected.setdefault(key, [])
    if expected[key] is None:
        expected[key] = []
    expected[key].insert(index, plain(entry))
    newline = "\r\n" if "\r\n" in tf.text else "\n"
    bom = "\ufeff" if tf.raw.startswith(b"\xef\xbb\xbf") else ""
    for candidate, line in _insertions(tf.text, data, key, entry, index, newline):
        after = (bom + candidate).encode("utf-8")
        # One parse answers both questions: is the rest of the data unchanged, and does the
        # file still pass the format checks (never write a file cjm would reject)?
        probe = parse_source(after, SourceFile(path=tf.source.path, display=tf.display), tf.source.kind)
        if probe.data is None or plain(probe.data) != expected:
            continue
        errors = [f for f in probe.findings if f.severity == "error"]
        if probe.model is None or errors:
            where = f"{errors[0].line}:{errors[0].column}: {errors[0].message}" if errors else "no model"
            raise UserError(f"{tf.display}: the new entry would make the file invalid ({where}); nothing was written")
        entity_id = entry if isinstance(entry, str) else entry["id"]
        return Edit(tf.path, tf.display, tf.raw, after, line, entity_id)
    raise UserError(
        f"{tf.display}: cannot add to `{key}:` without changing the rest of the file (its layout is unusual, "
        f"e.g. a flow-style [...] list); add the entry by hand or rewrite `{key}:` as a block list"
    )


def _insertions(
    text: str, data: dict[str, Any], key: str, entry: dict[str, Any] | str, index: int, nl: str
) -> Iterable[tuple[str, int]]:
    """Candidate results (text, 1-based line of the entity), most natural first."""
    lines = text.split("\n")  # each keeps its "\r" under CRLF; joined back with "\n"
    items = data.get(key)
    if not isinstance(items, list) or not items:
        yield from _new_list(text, lines, data, key, entry, nl)
        return
    first_line, first_col = items.item_mark(0) or items.start
    dash_col = lines[first_line][:first_col].rfind("-")
    if dash_col < 0 or lines[items.start[0]][items.start[1] :].startswith("["):
        return  # a flow list: no insertion keeps the other lines as they are
    block = _render(entry, dash_col, first_col, nl, key)
    spaced = _blank_separated(lines, items)
    if index == 0:
        # Before the first item: right under the `key:` line, above any comment that heads the list.
        at = data.key_mark(key)[0] + 1
        body = block + ([_blank(nl)] if spaced else [])
        yield _join(lines, at, body), at + 1
        return
    prev = index - 1
    boundary = _end_boundary(lines, data, key, items, prev)
    end = _item_end(lines, boundary, dash_col, items.item_mark(prev)[0])
    body = ([_blank(nl)] if spaced else []) + block
    for at in dict.fromkeys((end, boundary)):
        yield _join(lines, at, body, nl), at + len(body) - len(block) + 1


def _new_list(
    text: str, lines: list[str], data: dict[str, Any], key: str, entry: dict[str, Any] | str, nl: str
) -> Iterable[tuple[str, int]]:
    """`key:` absent, null or `[]`: write the list as a block at the end of the mapping."""
    if key in data:
        line = data.key_mark(key)[0]
        head = lines[line]
        stripped = head.rstrip("\r")
        value = stripped.split(":", 1)[1].split("#", 1)[0].strip() if ":" in stripped else "?"
        if value.replace(" ", "") not in ("", "[]", "~", "null"):
            return
        if value:  # `actions: []` becomes `actions:` with the items under it (one changed line)
            head = stripped.replace(value, "", 1).rstrip() + ("\r" if head.endswith("\r") else "")
        rest = [*lines[:line], head, *lines[line + 1 :]]
        block = _render(entry, *_list_style(lines, data), nl, key)
        yield _join(rest, line + 1, block, nl), line + 2
        return
    while lines and lines[-1] in ("", "\r"):
        lines = lines[:-1]
    dash_col, item_col = _list_style(lines, data)
    body = [_blank(nl), f"{key}:{_cr(nl)}", *_render(entry, dash_col, item_col, nl, key), ""]
    yield "\n".join([*lines, *body]), len(lines) + 3


def _list_style(lines: list[str], data: dict[str, Any]) -> tuple[int, int]:
    """Dash and key columns of the file's other block lists of mappings (default: cjm's 2 and 4)."""
    for value in data.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            line, col = value.item_mark(0) or (0, 0)
            dash = lines[line][:col].rfind("-")
            if dash >= 0:
                return dash, col
    return 2, 4


def _canonical(key: str, doc: Any) -> list[str]:
    """The entity's lines as `cjm fmt` writes them (its quoting, not ruamel's single quotes), so
    the pre-commit fmt hook has nothing to change in what `cjm new` added."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .. import roundtrip
    from ..fmt import format_text

    wrapped = CommentedMap([(key, CommentedSeq([doc]))])
    lines = format_text(roundtrip.dump(wrapped), "journey").text.rstrip("\n").split("\n")[1:]
    # `key:` then `  - first: ...` and `    more: ...`: the item's own lines, from column 0.
    return [lines[0].removeprefix("  - "), *(line[4:] for line in lines[1:])]


def _render(entry: dict[str, Any] | str, dash_col: int, item_col: int, nl: str, key: str) -> list[str]:
    """The entity as the lines of one list item: `- ` at `dash_col`, keys at `item_col`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .. import roundtrip

    if isinstance(entry, str):  # a bare id: `- head-of-marketing`
        return [" " * dash_col + roundtrip.dump(CommentedSeq([entry])).strip() + _cr(nl)]
    doc = CommentedMap()
    for k, v in entry.items():
        if isinstance(v, list):
            seq = CommentedSeq(v)
            # Short id lists read best inline, as in the example files; prose goes one item a
            # line, where a comma cannot split a sentence in two (cjm.prose); so do lists of
            # mappings (quotes), which inline would run far past the margin.
            if k not in PROSE_LISTS and not any(isinstance(item, dict) for item in v):
                seq.fa.set_flow_style()
            v = seq
        doc[k] = v
    rendered = _canonical(key, doc)
    item_col = max(item_col, dash_col + 2)
    first = " " * dash_col + "-" + " " * (item_col - dash_col - 1) + rendered[0]
    rest = [(" " * item_col + line) if line else line for line in rendered[1:]]
    return [line + _cr(nl) for line in [first, *rest]]


def _cr(nl: str) -> str:
    return "\r" if nl == "\r\n" else ""


def _blank(nl: str) -> str:
    return _cr(nl)


def _join(lines: list[str], at: int, body: list[str], nl: str = "\n") -> str:
    tail = lines[at:] if at < len(lines) else [""]  # appending after a last line without a break
    return "\n".join([*lines[:at], *body, *tail])


def _blank_separated(lines: list[str], items: Any) -> bool:
    """Whether the list's items are separated by blank lines (as the example files are)."""
    for i in range(1, len(items)):
        mark = items.item_mark(i)
        if mark and mark[0] > 0 and not lines[mark[0] - 1].strip():
            return True
    return False


def _end_boundary(lines: list[str], data: dict[str, Any], key: str, items: Any, prev: int) -> int:
    """The 0-based line where whatever follows item `prev` starts: the next item, the next
    top-level key, or the end of the file."""
    if prev + 1 < len(items):
        return items.item_mark(prev + 1)[0]
    keys = list(data.keys_at.items())
    for i, (k, _) in enumerate(keys):
        if k == key and i + 1 < len(keys):
            return keys[i + 1][1][0]
    return len(lines) - 1 if lines and lines[-1] == "" else len(lines)


def _item_end(lines: list[str], boundary: int, dash_col: int, item_start: int) -> int:
    """The line after the item's last line: blank lines and comments at or left of the dash
    before `boundary` belong to what follows (a `# --- support ---` heading)."""
    at = boundary
    while at - 1 > item_start:
        line = lines[at - 1].rstrip("\r")
        stripped = line.lstrip(" ")
        if not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= dash_col):
            at -= 1
            continue
        break
    return at


def write_edit(edit: Edit) -> None:
    """Replace the file atomically, keeping its permissions; refuse if it changed meanwhile."""
    try:
        replace_file(edit.path, edit.after, expected=edit.before)  # FileChanged if edited meanwhile
    except OSError as exc:
        raise UserError(f"{edit.display}: cannot write it: {exc.strerror or exc}") from None
