"""Property: cjm fmt never loses a comment, key or value, and formatting twice changes nothing.

Journeys are generated with keys in random order, optional fields, 2- or 4-space
indentation, every quoting style, flow and block lists, folded text, and comments in
random places (above keys and list items at any column, at the end of lines, between
items, with unicode and `#` in their text), plus blank lines.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.fmt import FormatError, comment_texts, format_text, same_data
from cjm.yamlread import parse_yaml

from ..test_robustness import mutated_example

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff"),
    min_size=1,
    max_size=20,
)
SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
SAFE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()/-]*[A-Za-z0-9)]\Z")


def scalar_text(draw: st.DrawFn, value: str) -> str:
    """The value written plain (when that is safe), single-quoted or double-quoted."""
    styles = ["'", '"']
    if SAFE_PLAIN.match(value) and ": " not in value:
        styles.append("plain")
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return value
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@st.composite
def commented_journey(draw: st.DrawFn) -> str:
    step = draw(st.sampled_from([2, 4]))
    lines: list[str] = []

    def above(indent: int) -> None:
        for _ in range(draw(st.integers(0, 2))):
            if draw(st.booleans()):
                lines.append("")
            else:
                column = draw(st.integers(0, indent))
                lines.append(" " * column + ("#" + draw(TEXT)).rstrip())

    def eol() -> str:
        if draw(st.integers(0, 3)) == 0:
            return " " * draw(st.integers(1, 4)) + ("#" + draw(TEXT)).rstrip()
        return ""

    def text_value() -> str:
        return scalar_text(draw, draw(TEXT))

    def mapping(pairs: list[tuple[str, object]], indent: int, prefix: str | None = None) -> None:
        for k, (key, value) in enumerate(pairs):
            if k > 0 or prefix is None:
                above(indent)
            lead = prefix if k == 0 and prefix is not None else " " * indent
            if isinstance(value, tuple) and value[0] == "folded":
                lines.append(f"{lead}{key}: >-{eol()}")
                lines.extend(" " * (indent + step) + part for part in value[1])
            elif isinstance(value, tuple) and value[0] == "flow":
                lines.append(f"{lead}{key}: [{', '.join(value[1])}]{eol()}")
            elif isinstance(value, tuple) and value[0] == "block":
                lines.append(f"{lead}{key}:{eol()}")
                for item in value[1]:
                    above(indent + step)
                    lines.append(" " * (indent + step) + f"- {item}{eol()}")
            elif isinstance(value, tuple) and value[0] == "maps":
                lines.append(f"{lead}{key}:{eol()}")
                for item in value[1]:
                    above(indent + step)
                    mapping(item, indent + step + 2, " " * (indent + step) + "- ")
            elif isinstance(value, tuple) and value[0] == "map":
                lines.append(f"{lead}{key}:{eol()}")
                mapping(value[1], indent + step)
            else:
                lines.append(f"{lead}{key}: {value}{eol()}")

    def shuffled(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
        return draw(st.permutations(pairs))

    def texts() -> tuple[str, list[str]]:
        items = [text_value() for _ in range(draw(st.integers(1, 3)))]
        return (draw(st.sampled_from(["flow", "block"])), items)

    touchpoints = []
    for i in range(draw(st.integers(1, 3))):
        tp: list[tuple[str, object]] = [("id", f"tp-{i}"), ("stage", "awareness"), ("name", text_value())]
        if draw(st.booleans()):
            tp.append(("channel", "web"))
        if draw(st.booleans()):
            tp.append(("emotion", str(draw(st.integers(1, 5)))))
        if draw(st.booleans()):
            tp.append(("pain_points", texts()))
        if draw(st.booleans()):
            metrics = [
                (f"m{j}", repr(draw(st.floats(0, 1000, allow_nan=False)))) for j in range(draw(st.integers(1, 3)))
            ]
            tp.append(("metrics", ("map", metrics)))
        if draw(st.booleans()):
            tp.append(("x-note", text_value()))
        touchpoints.append(shuffled(tp))
    journey: list[tuple[str, object]] = [
        ("cjm", "1"),
        ("id", draw(SLUG)),
        ("title", text_value()),
        ("stages", "b2b-7"),
        ("personas", ("maps", [shuffled([("id", "buyer"), ("name", text_value())])])),
        ("touchpoints", ("maps", touchpoints)),
    ]
    if draw(st.booleans()):
        journey.append(
            ("objective", ("folded", [draw(SLUG) + " " + draw(SLUG) for _ in range(draw(st.integers(1, 3)))]))
        )
    if draw(st.booleans()):
        journey.append(("reviewed", "2026-10-01"))
    if draw(st.booleans()):
        journey.append(("owner", draw(SLUG)))
    if draw(st.booleans()):
        journey.append(("type", "current-state"))
    if draw(st.booleans()):
        lines.append("# yaml-language-server: $schema=../schemas/journey.schema.json")
    mapping(shuffled(journey), 0)
    above(0)
    return "\n".join(lines) + "\n"


@SETTINGS
@given(commented_journey())
def test_fmt_keeps_every_value_and_comment_and_is_idempotent(text: str) -> None:
    before = parse_yaml(text)
    assert not before.problems, (before.problems, text)  # the generator writes valid YAML
    result = format_text(text, "journey", "generated.yaml")
    after = parse_yaml(result.text)
    assert not after.problems, result.text
    assert same_data(before.data, after.data)
    assert sorted(comment_texts(result.text)) == sorted(comment_texts(text))
    assert format_text(result.text, "journey", "generated.yaml").text == result.text
    assert result.text.endswith("\n") and not result.text.endswith("\n\n")


@st.composite
def mutated_with_comments(draw: st.DrawFn) -> str:
    """An example file broken by the robustness mutations, then given stray comments."""
    _, text = draw(mutated_example())
    lines = text.split("\n")
    # Some value becomes a flow list of awkward text, written double-quoted: fmt picks its
    # own quoting for it (plain where that reads back the same, in flow context too).
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]
    if keyed and draw(st.booleans()):
        i = draw(st.sampled_from(keyed))
        head = lines[i][: lines[i].index(": ") + 2]
        items = draw(
            st.lists(
                st.one_of(TEXT, st.sampled_from(["a: b", "owner:`", "x:y", "#1", "- a", "?"])), min_size=1, max_size=3
            )
        )
        lines[i] = head + "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "]"
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        if draw(st.booleans()) and at < len(lines) and lines[at].strip():
            lines[at] += "  # " + draw(TEXT).replace("\n", " ")
        else:
            lines.insert(at, " " * draw(st.integers(0, 8)) + "# " + draw(TEXT).replace("\n", " "))
    return "\n".join(lines)


@SETTINGS
@given(mutated_with_comments())
def test_fmt_on_mutated_examples_refuses_or_formats_never_gets_it_wrong(text: str) -> None:
    # Whatever parses is either formatted (idempotently) or refused with findings; the
    # safety net (FormatBug: output that would read differently) must never be needed.
    if parse_yaml(text).problems:
        return
    try:
        result = format_text(text, None, "mutated.yaml")
    except FormatError as refused:
        assert refused.findings
        return
    assert format_text(result.text, None, "mutated.yaml").text == result.text
