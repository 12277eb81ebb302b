"""Errors that stop a command (exit 2), kept apart from findings (which are results)."""

from __future__ import annotations


class UserError(Exception):
    """Bad usage or input the command cannot work on: printed as one line, exit code 2."""

    exit_code = 2

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        # What `-v` adds under the one-line message (e.g. the first lines of a Java stack trace).
        self.detail = detail
