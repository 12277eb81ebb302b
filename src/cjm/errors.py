"""Errors that stop a command (exit 2), kept apart from findings (which are results)."""

from __future__ import annotations


class UserError(Exception):
    """Bad usage or input the command cannot work on: printed as one line, exit code 2."""

    exit_code = 2
