"""Reading a CSV file safely: size and cell limits, encodings, the delimiter, undecodable bytes by row and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..errors import UserError
from .cells import HEADER_SEARCH_ROWS, SYNONYMS, column_label, header_key

FIELD_SIZE_LIMIT = 1_000_000


def read_rows(raw: bytes, *, name: str, encoding: str = "utf-8", max_bytes: int = 10_000_000) -> list[list[str]]:
    """The records of a CSV file as the spreadsheet shows them (row 1 first).

    Accepts a UTF-8 BOM and `,`, `;` or tab as the delimiter (whichever makes the most
    known column names). Refuses, with a UserError naming the place: files over
    `max_bytes`, NUL bytes, text that is not in `encoding`, broken quoting.
    """
    if len(raw) > max_bytes:
        raise UserError(
            f"{name}: file is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit; "
            "split the sheet, or pass --max-file-mb"
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise UserError(
            f"{name}:{line}: this is not a CSV text file (it contains NUL bytes); "
            "export the sheet as CSV (in Excel: File > Save As > CSV UTF-8)"
        )
    text = raw.decode(encoding, errors="surrogateescape")
    text = text.removeprefix("\ufeff")
    delimiter = _sniff_delimiter(text)
    rows = _parse(text, delimiter, name)
    _refuse_undecodable(rows, raw, name, encoding)
    return rows


def _parse(text: str, delimiter: str, name: str) -> list[list[str]]:
    limit = csv.field_size_limit()
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    rows: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(record)
    except csv.Error as exc:
        problem = str(exc)
        hint = "check the quotes in that row"
        if "field larger" in problem:
            problem = f"a cell is over {FIELD_SIZE_LIMIT:,} characters"
            hint = "a quote that is never closed swallows the rest of the file; close it"
        raise UserError(f"{name}:{len(rows) + 1}: cannot read the CSV: {problem}; {hint}") from None
    finally:
        csv.field_size_limit(limit)
    return rows


def _sniff_delimiter(text: str) -> str:
    """The delimiter that turns the first lines into the most known column names.

    csv.Sniffer guesses from character frequencies and is easily fooled by commas in
    free text; the header row is the one thing we know the words of.
    """
    head = text[:65536]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            records = list(_first_records(head, delimiter))
        except csv.Error:
            continue
        score = max((sum(1 for cell in r if header_key(cell) in SYNONYMS) for r in records), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_records(text: str, delimiter: str) -> Iterable[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _, record in zip(range(HEADER_SEARCH_ROWS), reader, strict=False):
        yield record


def _refuse_undecodable(rows: list[list[str]], raw: bytes, name: str, encoding: str) -> None:
    header = next((r for r in rows if any(c.strip() for c in r)), [])
    for number, row in enumerate(rows, start=1):
        for col, cell in enumerate(row):
            bad = next((ch for ch in cell if "\udc80" <= ch <= "\udcff"), None)
            if bad is None:
                continue
            where = f"column {column_label(header, col)}"
            guess = " (it looks like Windows-1252/Latin-1: pass --encoding cp1252)" if encoding == "utf-8" else ""
            raise UserError(
                f"{name}:{number}: {where}: byte 0x{ord(bad) - 0xDC00:02x} is not valid {encoding}{guess}; "
                "or save the sheet as CSV UTF-8"
            )
