"""Formatting one text, and the safety net that proves nothing was lost."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity
from ..workspace import Kind, classify
from ..yamlread import parse_yaml
from .blocks import prose_in_block_style
from .order import reorder, root_model
from .reader import Reader
from .tree import FormatBug, FormatError
from .writer import write_doc


@dataclass
class FormatResult:
    text: str
    changed: bool


def format_text(text: str, kind: Kind | None = None, source: str = "<stdin>", *, data: Any = None) -> FormatResult:
    """Format one file's text (BOM already removed). `data` is the safe reader's result for
    `text` if the caller has it. Raises FormatError (unreadable or unsupported input,
    with findings) or FormatBug (the result would not be equivalent; nothing to write)."""
    if data is None:
        parsed = parse_yaml(text)
        if parsed.problems:
            raise FormatError(
                [Finding(source, p.line + 1, p.column + 1, p.code, Severity.ERROR, p.message) for p in parsed.problems]
            )
        data = parsed.data
    if data is None or not isinstance(data, (dict, list)):
        return FormatResult(text, False)  # empty, or a single value: nothing to lay out
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or None] else "\n"
    lf = text.replace("\r\n", "\n")
    odd = re.search("[\r\x85\u2028\u2029]", lf)
    if odd:
        reader = Reader(lf, source)
        raise reader.refuse(
            odd.start(),
            "this file holds a line break other than LF or CRLF (a lone CR, U+0085, U+2028 or U+2029); "
            "cjm fmt handles LF and CRLF only, so replace it",
        )
    reader = Reader(lf, source)
    doc = reader.read()
    comments = reader.comments()
    reader.attach(doc, comments)
    if kind is None:
        kind = classify(data) if isinstance(data, dict) else "journey"
    reorder(doc.root, root_model(kind))
    prose_in_block_style(doc.root, root_model(kind))
    out = write_doc(doc)
    if newline != "\n":
        out = out.replace("\n", newline)
    check_equivalent(data, [c.text for c in comments], out, source)
    return FormatResult(out, out != text)


def check_equivalent(data: Any, comments: list[str], out: str, source: str) -> None:
    parsed = parse_yaml(out)
    if parsed.problems:
        p = parsed.problems[0]
        raise FormatBug(f"the formatted text would read differently ({p.line + 1}:{p.column + 1}: {p.message})")
    if not same_data(data, parsed.data):
        raise FormatBug("the formatted text would hold other data")
    reader = Reader(out.replace("\r\n", "\n"), source)
    reader.read()
    if Counter(c.text for c in reader.comments()) != Counter(comments):
        raise FormatBug("the formatted text would hold other comments")


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types (1 is not 1.0 or True); key order does not matter."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def comment_texts(text: str) -> list[str]:
    """The comments of a YAML text (for tests and the safety net), in order."""
    reader = Reader(text.replace("\r\n", "\n"), "<text>")
    reader.read()
    return [c.text for c in reader.comments()]
