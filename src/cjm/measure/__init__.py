"""`cjm measure`: the journey map joined to what customers did (MEASURE.md).

Modules, one job each: `patterns` (events: wildcards), `settings` (data: plus command-line
overrides), `sources` (files and tables to read), `sql` (every figure's definition, in a
portable SQL subset), `engine` (DuckDB: reading, input checks, running the SQL; only
aggregates come back), `figures` (the figures model: rounding, withholding), `writeback`
(`measured:` blocks into journey files) and `report` (text, json, markdown, csv).

This package is imported lazily: only `patterns` is used outside `cjm measure` (validate).
"""
