"""Plain-language hints for YAML parser errors.

libyaml says what the grammar expected ("did not find expected '-' indicator", "mapping
values are not allowed in this context"); a person writing a journey needs to hear what they
most likely did: indented a line differently from its neighbours, wrote a colon inside text
that needs quotes, or indented with a tab. Each hint reads the lines around the error; when
none applies, the parser's own words stand alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GENERIC = "fix the YAML at this position"
# `key: value` (optionally a list item): the first `: ` ends the key.
_KEY_VALUE = re.compile(r"(?P<head>\s*(?:-\s+)?)(?P<key>[^\s\"'#:][^:#]*?):[ \t]+(?P<value>.*?)(?:\s+#.*)?\s*\Z")


@dataclass
class Hint:
    column: int  # 0-based; where the caret belongs (a tab, rather than the token after it)
    text: str


def explain(problem: str, lines: list[str], line: int, column: int, started: tuple[int, int] | None) -> Hint:
    """The hint for parser error `problem` at 0-based (`line`, `column`); `started` is where
    the construct the parser was reading began, when it says so."""
    source = lines[line] if line < len(lines) else ""
    tab = _tab_at(source, column)
    if tab is not None:
        return Hint(tab, "YAML does not allow tabs for indentation, use spaces")
    if "mapping values are not allowed" in problem:
        return Hint(column, _colon(source, column, _indent_above(lines, line)))
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return Hint(column, _indentation(lines, line))
    if "did not find expected key" in problem:
        before = source[:column].rstrip()
        if before.endswith(('"', "'")):
            return Hint(
                column,
                "text follows a closing quote: quote the whole value (inside '...', write a ' as '')",
            )
        return Hint(column, _indentation(lines, line))
    if "could not find expected ':'" in problem and started is not None:
        return Hint(
            column,
            f"line {started[0] + 1} holds text but no `key:`; if it continues the text above, indent it "
            "deeper than that text's key, or put the whole text in quotes on one line",
        )
    if "while scanning a quoted scalar" in problem and started is not None:
        return Hint(
            column,
            f"the quote at line {started[0] + 1}, column {started[1] + 1} is never closed; close it "
            "(inside '...', a ' is written '')",
        )
    if "block sequence entries are not allowed" in problem:
        return Hint(
            column,
            "a `- ` list cannot start on the line of its key: put each item on its own line below the key, "
            "indented, or quote text that starts with '- '",
        )
    if "cannot start any token" in problem:
        char = source[column : column + 1]
        return Hint(column, f"text cannot start with '{char}' unless it is quoted: {_quoted(source, column)}")
    if "while scanning a block scalar" in problem:
        return Hint(
            column,
            "`|` and `>` start a block of text whose lines follow, indented, below the key; for text that "
            f"starts with the character itself, quote it{_quoted_line(source)}",
        )
    if "while scanning an anchor" in problem or "while scanning an alias" in problem:
        return Hint(
            column,
            f"`&` and `*` start a YAML anchor or alias; for text that starts with one, quote it{_quoted_line(source)}",
        )
    if "found unexpected ':'" in problem:
        return Hint(
            column, 'inside `[...]` or `{...}`, an item that holds a colon goes in quotes: ["10:30 call", demo]'
        )
    if "did not find expected node content" in problem:
        return Hint(
            column,
            "a character here has a meaning in YAML (`!`, `?`, `:`, `|`, `>`, `&`, `*` at the start of a value): "
            f"quote the text{_quoted_line(source)}",
        )
    if "did not find expected ',' or ']'" in problem or "did not find expected ',' or '}'" in problem:
        closer = "]" if "']'" in problem else "}"
        opener = "[" if closer == "]" else "{"
        where = f" at line {started[0] + 1}, column {started[1] + 1}" if started is not None else ""
        return Hint(
            column,
            f"the `{opener}`{where} is not closed: end it with `{closer}`, and quote any item that holds "
            "a comma, a colon or a bracket",
        )
    return Hint(column, _GENERIC)


def _tab_at(source: str, column: int) -> int | None:
    """The column of the tab to blame: the one at the error, or one in the line's indentation."""
    if source[column : column + 1] == "\t":
        return column
    indent = len(source) - len(source.lstrip(" \t"))
    tab = source.find("\t", 0, min(indent, column + 1))
    return tab if tab >= 0 else None


def _colon(source: str, column: int, above: int | None) -> str:
    """`mapping values are not allowed`: a second `: ` in a line, or a key indented too deep."""
    match = _KEY_VALUE.match(source)
    if match is not None and match.end("key") < column:
        return (
            "a colon followed by a space inside text starts a new `key:`; put the text in quotes: "
            f"{match['head'].strip()}{' ' if match['head'].strip() else ''}{match['key']}: {_quote(match['value'])}"
        )
    indent = len(source) - len(source.lstrip(" "))
    if above is not None and indent > above:
        return (
            f"this key is indented deeper (column {indent + 1}) than the key above it (column {above + 1}); "
            "keys of one mapping line up, so indent it like its neighbours"
        )
    return "a colon followed by a space starts a `key:`; if this is text, put it in quotes"


def _indentation(lines: list[str], line: int) -> str:
    source = lines[line] if line < len(lines) else ""
    indent = len(source) - len(source.lstrip(" "))
    # A list item lines up its `- ` with the dash above; a key lines up with the key above.
    above = _indent_above(lines, line, dash=source.lstrip(" ").startswith("- "))
    neighbours = f" (column {indent + 1}; the line above: column {above + 1})" if above is not None else ""
    return (
        f"check the indentation of this line{neighbours}: the keys of one mapping line up, and so do "
        "the `- ` of one list's items"
    )


def _indent_above(lines: list[str], line: int, *, dash: bool = False) -> int | None:
    """Where the nearest line above starts: its key (after a list item's `- `), or with
    `dash` its first character (the `- ` itself)."""
    for prev in reversed(lines[:line]):
        stripped = prev.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = re.match(r" *" if dash else r" *(?:- +)*", prev)
        return match.end() if match else 0
    return None


def _quoted(source: str, column: int) -> str:
    match = _KEY_VALUE.match(source)
    if match is not None and match.start("value") == column:
        return f"{match['head'].strip()}{' ' if match['head'].strip() else ''}{match['key']}: {_quote(match['value'])}"
    return _quote(source[column:].strip())


def _quoted_line(source: str) -> str:
    """': key: "the value"' for a `key: value` line, or '' when the line is not one."""
    match = _KEY_VALUE.match(source)
    if match is None or not match["value"] or match["value"][0] in "\"'[{":
        return ""
    head = match["head"].strip()
    return f": {head}{' ' if head else ''}{match['key']}: {_quote(match['value'])}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
