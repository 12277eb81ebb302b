"""Export then import gives back the same touchpoint data: for every example journey, and
for generated touchpoints full of spreadsheet-hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cjm
from cjm.csvio import join_items, journey_to_rows, read_rows, rows_to_journey, split_items, to_yaml, write_csv
from cjm.model import CHANNELS, Journey, Touchpoint

from ..conftest import EXAMPLES
from .conftest import valid_journey

JOURNEYS = sorted((EXAMPLES / "journeys").glob("*.yaml"))


def round_trip(journey: Journey, channels: tuple[str, ...] = CHANNELS) -> tuple[Journey, list]:
    """Journey -> CSV bytes -> import -> YAML text -> validated Journey."""
    raw = write_csv(journey_to_rows(journey)).encode("utf-8")
    imported = rows_to_journey(
        read_rows(raw, name="export.csv"), journey_id=journey.id, title=journey.title, channels=channels
    )
    extra = tuple(c for c in channels if c not in CHANNELS)
    return valid_journey(to_yaml(imported.data, source_name="export.csv"), extra), imported.problems


@pytest.mark.parametrize("path", JOURNEYS, ids=lambda p: p.stem)
def test_every_example_journey_survives_export_then_import(path: Path):
    ws = cjm.load_workspace(path)
    journey = ws.valid_journeys()[0][1]
    back, problems = round_trip(journey, channels=(*CHANNELS, *ws.config.channels))
    assert problems == []
    # Quotes and evidence are nested lists with no CSV column: a sheet does not carry them
    # (`import --into` keeps them in the journey, tests/transfer/test_emotions_column.py).
    no_column = {"quotes", "evidence"}
    assert [tp.model_dump(exclude=no_column) for tp in back.touchpoints] == [
        tp.model_dump(exclude=no_column) for tp in journey.touchpoints
    ]
    assert [s.id for s in back.stage_list] == list(dict.fromkeys(tp.stage for tp in journey.touchpoints))


def test_a_semicolon_inside_an_item_is_doubled_and_read_back_as_one():
    items = ["Pricing; contract terms", "Ends with;", ";starts with", "plain"]
    assert join_items(items) == "Pricing;; contract terms; Ends with;;; ;;starts with; plain"
    assert split_items(join_items(items)) == items


def test_an_item_with_a_line_break_is_kept_whole_by_a_trailing_semicolon():
    items = ["Two-line\nnote", "second; item"]
    assert join_items(items) == "Two-line\nnote; second;; item;"
    assert split_items(join_items(items)) == items
    assert split_items(join_items(["only\nitem"])) == ["only\nitem"]


# Text that breaks naive CSV and list handling: separators, quotes, line breaks, formula
# starters, apostrophes, non-ASCII. Surrounding whitespace is not kept (documented), and
# YAML reads U+0085 as a line break, so neither is generated.
AWKWARD = st.sampled_from(
    [",", ";", ";;", '"', "'", "\n", "\r\n", "=", "+", "-", "@", "#", ":", " ", "é", "😀", "ß", "\t"]
)
text = (
    st.lists(
        st.one_of(
            AWKWARD, st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=6)
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
number = st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))


@st.composite
def touchpoints(draw: st.DrawFn) -> list[Touchpoint]:
    ids = draw(st.lists(slug, min_size=1, max_size=4, unique=True))
    metric_names = st.lists(text, max_size=3, unique=True)
    result = []
    for tp_id in ids:
        names = draw(metric_names)
        result.append(
            Touchpoint(
                id=tp_id,
                stage=draw(st.sampled_from(["awareness", "decision", "go-live"])),
                name=draw(text),
                channel=draw(st.none() | st.sampled_from(CHANNELS)),
                personas=draw(st.lists(slug, max_size=3, unique=True)),
                owner=draw(st.none() | slug),
                customer_action=draw(st.none() | text),
                emotion=draw(st.none() | st.integers(1, 5)),
                target_emotion=draw(st.none() | st.integers(1, 5)),
                feeling=draw(st.none() | text),
                pain_points=draw(st.lists(text, max_size=3)),
                opportunities=draw(st.lists(text, max_size=3)),
                metrics={n: float(draw(number)) for n in names},
                targets={n: float(draw(number)) for n in names[:1]},
                backstage=draw(st.lists(text, max_size=2)),
                next=draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)),
                description=draw(st.none() | text),
            )
        )
    return result


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(touchpoints())
def test_generated_touchpoints_with_awkward_text_survive_export_then_import(tps: list[Touchpoint]):
    personas = sorted({p for tp in tps for p in tp.personas}) or ["buyer"]
    if not any(tp.personas for tp in tps):
        tps[0] = tps[0].model_copy(update={"personas": ["buyer"]})
    journey = Journey(cjm=1, id="generated", title="Generated", stages="b2b-7", personas=personas, touchpoints=tps)
    back, problems = round_trip(journey)
    assert problems == []
    assert [tp.model_dump() for tp in back.touchpoints] == [tp.model_dump() for tp in tps]
