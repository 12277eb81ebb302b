"""`cjm fmt`: rewrite journey files, persona libraries and cjm.yaml in the canonical layout."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import MaxFileMbOpt, PathsArg, fail, info


def register(app: typer.Typer) -> None:
    app.command(short_help="Rewrite files in the canonical layout, or --check them")(fmt)


def fmt(
    paths: PathsArg = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list the files that would change and exit 1 if any.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print a unified diff of the changes and exit 1 if any.")
    ] = False,
    stdin_filename: Annotated[
        Optional[str],
        typer.Option(
            "--stdin-filename",
            metavar="PATH",
            help="With `cjm fmt -`: the name to use in messages (cjm.yaml is formatted as a config).",
        ),
    ] = None,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Format files: key order as in the format, 2-space indentation, one quoting style.

    Comments, blank lines between entries, flow lists of ids, block text and line endings
    are kept; prose lists (pain points, ...) are written one item a line. The result is
    checked to hold exactly the same data and comments before a file is replaced.
    `cjm fmt -` formats standard input to standard output.

    Exit status: 0 done (or nothing to change), 1 with --check/--diff when files would
    change, 2 usage error, unreadable file, or a file cjm fmt cannot format.
    """
    given = list(paths or [])
    if Path("-") in given:
        if len(given) > 1:
            raise fail("`-` (standard input) cannot be combined with other paths")
        raise typer.Exit(_stdin(stdin_filename, check=check, diff=diff))
    if stdin_filename is not None:
        raise fail("--stdin-filename only applies to `cjm fmt -`")

    from ..errors import UserError
    from ..fmt import format_paths
    from ..reporters import Report
    from ..reporters.text import report_text

    counts = {"reformatted": 0, "would-reformat": 0, "unchanged": 0, "skipped": 0, "failed": 0, "bug": 0}
    try:
        for outcome in format_paths(given, write=not (check or diff), diff=diff, max_file_mb=max_file_mb):
            counts[outcome.status] += 1
            if outcome.status == "reformatted":
                info(f"reformatted {outcome.display}")
            elif outcome.status == "would-reformat":
                if outcome.diff:
                    sys.stdout.write(outcome.diff)
                if check:
                    print(f"would reformat {outcome.display}", file=sys.stderr)
            elif outcome.status == "skipped":
                info(f"skipped {outcome.display}: {outcome.message}")
            elif outcome.status == "failed":
                report_text(Report(outcome.findings, 1, _sources(outcome.findings), summary=False), sys.stderr)
                print(f"cjm: error: {outcome.display}: left unchanged", file=sys.stderr)
            elif outcome.status == "bug":
                print(f"cjm: error: {outcome.display}: {_bug_message(outcome.message)}", file=sys.stderr)
    except UserError as exc:
        raise fail(str(exc)) from None
    info(_summary(counts))
    if counts["failed"] or counts["bug"]:
        raise typer.Exit(2)
    if counts["would-reformat"]:
        raise typer.Exit(1)


def _sources(findings: list) -> dict[str, str]:
    # The text reporter quotes the offending line; read it back for the few failed files.
    sources: dict[str, str] = {}
    for f in findings:
        with contextlib.suppress(OSError):
            sources[f.file] = Path(f.file).read_text(encoding="utf-8-sig", errors="replace")
    return sources


def _bug_message(detail: str) -> str:
    return (
        f"not written: {detail} than the input, so the file was left unchanged. "
        "This is a bug in cjm fmt; please report it with the file"
    )


def _summary(counts: dict[str, int]) -> str:
    def n(count: int, what: str) -> str:
        return f"{count} file{'s' if count != 1 else ''} {what}"

    parts = []
    if counts["reformatted"]:
        parts.append(n(counts["reformatted"], "reformatted"))
    if counts["would-reformat"]:
        parts.append(n(counts["would-reformat"], "would be reformatted"))
    if counts["unchanged"]:
        parts.append(n(counts["unchanged"], "left unchanged"))
    if counts["skipped"]:
        parts.append(n(counts["skipped"], "skipped (not cjm files)"))
    failed = counts["failed"] + counts["bug"]
    if failed:
        parts.append(n(failed, "not formatted because of errors"))
    return ", ".join(parts) or "no cjm files to format"


def _stdin(filename: Optional[str], *, check: bool, diff: bool) -> int:
    from ..fmt import FormatBug, FormatError, format_text, unified_diff
    from ..reporters import Report
    from ..reporters.text import report_text

    raw = sys.stdin.buffer.read()
    display = filename or "<stdin>"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"{display}: input is not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None
    kind = "config" if filename is not None and Path(filename).name == "cjm.yaml" else None
    try:
        result = format_text(text, kind, display)
    except FormatError as exc:
        report_text(Report(exc.findings, 1, {display: text}, summary=False), sys.stderr)
        return 2
    except FormatBug as exc:
        print(f"cjm: error: {display}: {_bug_message(str(exc))}", file=sys.stderr)
        return 2
    if check or diff:
        if diff and result.changed:
            sys.stdout.write(unified_diff(text, result.text, display))
        if check and result.changed:
            print(f"would reformat {display}", file=sys.stderr)
        return 1 if result.changed else 0
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    sys.stdout.buffer.write((bom + result.text).encode("utf-8"))
    return 0
