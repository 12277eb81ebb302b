"""Reporters for `cjm measure`: pure functions of a MeasureResult and a stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from ..figures import MeasureResult

Reporter = Callable[[MeasureResult, IO[str]], None]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from .json import report_json

        return report_json
    if name == "markdown":
        from .markdown import report_markdown

        return report_markdown
    if name == "csv":
        from .csv import report_csv

        return report_csv
    from .text import report_text

    return report_text


FORMATS = ("text", "json", "markdown", "csv")
