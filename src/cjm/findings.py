"""Findings: what validation and lint report, with a 1-based position in a file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, order=False, slots=True)
class Finding:
    """One problem at one place. `line` and `column` are 1-based, as editors show them."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        # No message: sorts are stable, so findings at one place keep the order they were found in.
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deduplicated, by file and position; findings at the same place keep the order they
    were found in (e.g. a built-in model's empty stages in stage order, not alphabetical)."""
    return sorted(dict.fromkeys(findings), key=Finding.sort_key)
