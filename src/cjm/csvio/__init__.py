"""Touchpoints as spreadsheet rows: `cjm export csv` and `cjm import csv`.

One row per touchpoint, one column per touchpoint field (`COLUMNS`, in FORMAT.md order;
the name column is headed `touchpoint`, as CX teams head it). Export then import gives
back the same touchpoint data, so a team can move a map into a spreadsheet workshop and
back. The cell conventions, which both directions share:

- Lists (`pain_points`, `opportunities`, `backstage`) are one cell. People write them
  one item per line (Alt+Enter) or on one line separated by `;`, so import reads a cell
  that has line breaks as one item per line (a `;` there is just text), and a one-line
  cell as `;`-separated items (`;;` is a literal `;`). Export writes `a; b; c`, doubling
  any `;` inside an item; when an item itself holds a line break, the cell ends with a
  `;`, which tells import to split at `;` only and keep the line breaks in the items.
- Id lists (`personas`, `next`) are separated by `;`, `,` or line breaks.
- `metrics` / `targets` are `name=value` items: `conversion_rate=0.04; drop_off_rate=0.61`
  (the last `=` splits, so names may contain `=`; `4%` means 0.04 on import).
- Formula injection: a cell that starts with `=`, `+`, `-` or `@` (after any number of
  `'`) is exported with one `'` in front, so Excel, LibreOffice and Google Sheets show
  text instead of evaluating a formula; import removes exactly that one `'`.
- Surrounding whitespace of cells and items is not kept.

Import is lenient where spreadsheets are messy (header synonyms and case, `;`-delimited
European Excel files, a UTF-8 BOM, a title row above the header, stage names instead of
ids) and strict about data: whatever it cannot import as it was is reported with the row
number the spreadsheet shows (header = row 1), never dropped silently.
"""

from __future__ import annotations

from .cells import COLUMNS, as_id, escape_formula, join_items, split_items, unescape_formula
from .export import journey_to_rows, write_csv
from .importing import Imported, RowProblem, rows_to_journey, to_yaml
from .reading import read_rows

__all__ = [
    "COLUMNS",
    "Imported",
    "RowProblem",
    "as_id",
    "escape_formula",
    "join_items",
    "journey_to_rows",
    "read_rows",
    "rows_to_journey",
    "split_items",
    "to_yaml",
    "unescape_formula",
    "write_csv",
]
