"""Whatever a spreadsheet holds, import gives a journey that passes the format checks, or
row problems, or one clear error: never a traceback, never an invalid file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.csvio import COLUMNS, read_rows, rows_to_journey, to_yaml, write_csv
from cjm.errors import UserError

from .conftest import valid_journey

CELL = st.one_of(
    st.sampled_from(["", " ", "3", "6", "2.0", "x=1", "a; b", "Awareness", "web", "Video call", "ops", "'=1", "-"]),
    st.text(max_size=12),
)
HEADERS = st.lists(st.sampled_from([*COLUMNS, "Persona(s)", "Emotion (1-5)", "Notes", "Votes", ""]), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extra=HEADERS, body=st.lists(st.lists(CELL, max_size=10), max_size=8), model=st.sampled_from([None, "b2b-7"]))
def test_any_sheet_imports_to_a_valid_journey_or_to_reported_problems(
    extra: list[str], body: list[list[str]], model: str | None
):
    header = ["stage", "touchpoint", "personas", *extra]
    raw = write_csv([header, *body]).encode("utf-8")
    try:
        imported = rows_to_journey(read_rows(raw, name="s.csv"), journey_id="j", title="J", stage_model=model)
    except UserError:
        return  # e.g. the header row is not recognised: one message, exit 2
    assert all(p.row >= 2 for p in imported.problems)
    if imported.data is None:
        return
    valid_journey(to_yaml(imported.data, source_name="s.csv"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_with_a_user_error(raw: bytes):
    try:
        rows = read_rows(raw, name="s.csv")
    except UserError as error:
        assert str(error).startswith("s.csv:")
        return
    assert all(isinstance(cell, str) for row in rows for cell in row)
