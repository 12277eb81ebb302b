"""`cjm import csv`, `cjm export csv`, `cjm export json`: maps in and out of spreadsheets
and other tools. The work is done by `cjm.csvio` and `cjm.export_json`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ._common import MaxFileMbOpt, OutputFileOpt, PathsArg, detail, fail, info

if TYPE_CHECKING:
    from ..model import Journey
    from ..workspace import SourceFile, Workspace

import_app = typer.Typer(
    name="import",
    help="Create journey files from other formats (a spreadsheet saved as CSV).",
    short_help="Create journey files from a spreadsheet saved as CSV",
    no_args_is_help=True,
)
export_app = typer.Typer(
    name="export",
    help="Write journeys in other formats: CSV for spreadsheets, JSON for other tools.",
    short_help="Write journeys as CSV (spreadsheets) or JSON (other tools)",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add `cjm import ...` and `cjm export ...` to the app."""
    app.add_typer(import_app)
    app.add_typer(export_app)


@import_app.command("csv")
def import_csv(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The spreadsheet, saved as CSV.", show_default=False)],
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Journey file to write (default: stdout). Persona ids and channels are checked against the "
            "workspace this file is in.",
            show_default=False,
        ),
    ] = None,
    journey_id: Annotated[
        Optional[str],
        typer.Option("--id", metavar="ID", help="Journey id (default: from the CSV file name).", show_default=False),
    ] = None,
    title: Annotated[
        Optional[str],
        typer.Option(metavar="TEXT", help="Journey title (default: from the CSV file name).", show_default=False),
    ] = None,
    stages: Annotated[
        Optional[str],
        typer.Option(
            metavar="MODEL",
            help="Map the stage cells (stage ids or names) onto this stage model: linear-5, b2b-5, b2b-7, "
            "buying-jobs, or one of cjm.yaml's `stage_models:` (default: the sheet's own stages, in order of "
            "first appearance).",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option(metavar="NAME", help="Text encoding of the CSV (e.g. cp1252 for older Excel files).")
    ] = "utf-8",
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")] = False,
    into: Annotated[
        Optional[Path],
        typer.Option(
            "--into",
            metavar="JOURNEY",
            help="Update this journey file from the sheet instead of creating one: rows update touchpoints by id "
            "(or name), new rows are added, everything else in the file is kept. Each change is reported.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --into: print the change as a unified diff; write nothing.")
    ] = False,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Create a journey file from a spreadsheet: one row per touchpoint.

    Columns (header row; case, spaces and hints like "(1-5)" do not matter, common
    synonyms are understood): id, stage, touchpoint (the name), channel, personas, owner,
    customer_action, emotion, emotions, target_emotion, feeling, pain_points, opportunities,
    metrics, targets, backstage, next, description. Only stage and touchpoint are required.
    List cells separate items with `;` (or one item per line); personas and next with `;`
    or `,`; metrics as `name=value; name=value`, emotions as `persona=score`. Comma- and semicolon-delimited files and a
    UTF-8 BOM are recognised.

    Whatever cannot be imported as it was is reported as FILE:ROW:COLUMN: message, numbered as
    the spreadsheet shows them (header = row 1, column A = 1); the journey is still written
    from the rows that could. Exit status: 0 everything
    imported, 1 something was skipped or left out, 2 usage error or unreadable file.

    With --into JOURNEY (the round trip: `cjm export csv`, edit, import back), the journey's
    touchpoints are updated from the columns the sheet has (an emptied cell removes that
    field), rows with new ids become touchpoints after the last one of their stage, and the
    rest of the file (title, stages, personas, actions, comments) is kept line for line. A
    stage the journey does not have is reported and its row skipped.
    """
    import codecs

    from ..csvio import read_rows, rows_to_journey, to_yaml
    from ..discovery import display_path
    from ..errors import UserError
    from ..model import CHANNELS, Journey
    from ..output import write_atomic

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise fail(f"--encoding {encoding}: unknown encoding; use e.g. utf-8, cp1252 or latin-1") from None
    shown = display_path(file.absolute())
    if into is not None:
        given = [
            flag
            for flag, value in (("-o", output), ("--id", journey_id), ("--title", title), ("--stages", stages))
            if value is not None
        ]
        if given or force:
            raise fail(
                f"--into updates an existing journey, so {', '.join(given) or '--force'} does not apply; leave it out"
            )
        _import_into(file, into, shown, encoding=encoding, max_file_mb=max_file_mb, dry_run=dry_run)
        return
    if dry_run:
        raise fail("--dry-run goes with --into; without it, leave out -o to print the journey instead of writing it")
    stem_id = _default_id(file)
    if journey_id is not None and not _is_slug(journey_id):
        raise fail(f"--id {journey_id}: an id is lower-case letters, digits and '-' (e.g. {stem_id})")
    if output is not None and output.exists() and not force:
        raise fail(
            f"{display_path(output.absolute())} already exists; pass --force to overwrite it, or choose another -o"
        )
    if output is not None and output.is_dir():
        raise fail(f"{display_path(output.absolute())} is a directory; -o takes the journey file to write")
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise fail(
            f"{shown}: cannot read this file: {exc.strerror or exc}; check that it exists and is readable"
        ) from None
    if title is not None and not title.strip():
        raise fail("--title is empty; give the journey a title, or leave --title out to use the file name")
    library_personas, inline_personas, channels, shared_models = _workspace_names(output.absolute() if output else None)
    from ..stages import STAGE_MODELS

    if stages is not None and stages not in STAGE_MODELS and stages not in shared_models:
        from ..hints import did_you_mean

        names = [*STAGE_MODELS, *(n for n in shared_models if n not in STAGE_MODELS)]
        hint = did_you_mean(stages, names) or "."
        raise fail(f"--stages '{stages}' is not a stage model{hint} Use one of: {', '.join(names)}")
    try:
        rows = read_rows(raw, name=shown, encoding=encoding, max_bytes=int((max_file_mb or 10) * 1e6))
        imported = rows_to_journey(
            rows,
            journey_id=journey_id or stem_id,
            title=title.strip() if title else stem_id.replace("-", " ").capitalize(),
            stage_model=stages,
            model_stages=shared_models.get(stages) if stages not in STAGE_MODELS else None,
            library_personas=library_personas,
            defined_elsewhere=inline_personas,
            channels=(*CHANNELS, *channels),
        )
    except UserError as exc:
        message = str(exc)
        raise fail(message if message.startswith(shown) else f"{shown}: {message}") from None
    _report_sheet(shown, imported)
    if imported.data is None:
        if imported.rows_imported:
            raise fail(
                f"{shown}: the sheet names no personas; add a 'personas' column (persona ids or names, separated "
                "by ;) so the journey says whose it is"
            )
        raise fail(f"{shown}: no row could be imported; nothing written", code=1)
    # The importer only builds valid journeys (the property tests hold it to that); if it
    # ever did not, stopping here with an internal error beats writing a broken file.
    Journey.model_validate(imported.data)
    text = to_yaml(imported.data, source_name=file.name)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            target = write_atomic(output.absolute().parent, output.name, text)
        except OSError as exc:
            raise fail(f"cannot write {display_path(output.absolute())}: {exc.strerror or exc}") from None
        info(f"wrote {display_path(target)}")
    skipped = imported.rows_skipped
    changed = len(imported.problems) - skipped
    info(
        f"imported {imported.rows_imported} of {imported.rows_read} rows"
        + (f"; {skipped} skipped" if skipped else "")
        + (f"; {changed} {'value' if changed == 1 else 'values'} left out or changed" if changed else "")
    )
    if imported.problems:
        raise typer.Exit(1)


def _report_sheet(shown: str, imported: Any) -> None:
    for column, heading in imported.columns.items():
        detail(f"{shown}: column '{heading}' read as {column}")
    for note in imported.notes:
        print(f"{shown}: note: {note}", file=sys.stderr)
    for problem in imported.problems:
        where = f"{problem.row}:{problem.column}" if problem.column is not None else f"{problem.row}"
        print(f"{shown}:{where}: {problem.message}", file=sys.stderr)


def _import_into(
    file: Path, into: Path, shown: str, *, encoding: str, max_file_mb: float | None, dry_run: bool
) -> None:
    """`cjm import csv SHEET --into JOURNEY`: the round trip back from a spreadsheet."""
    from ..csvio import read_rows, rows_to_journey
    from ..csvio.merging import merge_into
    from ..discovery import display_path
    from ..errors import UserError
    from ..model import CHANNELS, PersonaLibrary
    from ..output import FileChanged, replace_file

    target = display_path(into.absolute())
    if not into.is_file():
        raise fail(f"{target}: no such journey file; --into takes an existing journey (without it, -o creates one)")
    workspaces = _load_valid([into], max_file_mb, "nothing imported")
    ws = workspaces[0]
    source = next((f for f in ws.target_files if f.path == into.absolute()), None)
    journey = source.journey if source is not None else None
    if source is None or journey is None:
        raise fail(f"{target}: not a journey file (it holds no `touchpoints:`); --into takes a journey")
    library: dict[str, str] = {}
    for f in ws.files:
        if isinstance(f.model, PersonaLibrary):
            library.update((p.id, p.name or "") for p in f.model.personas)
    personas = {
        entry if isinstance(entry, str) else entry.id: library.get(entry, "")
        if isinstance(entry, str)
        else entry.name or ""
        for entry in journey.personas
    }
    inline_elsewhere = {
        p.id: f.display
        for f in ws.files
        if f.journey is not None and f.path != source.path
        for p in f.journey.personas
        if not isinstance(p, str)
    }
    try:
        raw = file.read_bytes()
        rows = read_rows(raw, name=shown, encoding=encoding, max_bytes=int((max_file_mb or 10) * 1e6))
        imported = rows_to_journey(
            rows,
            journey_id=journey.id,
            title=journey.title,
            library_personas=library,
            defined_elsewhere=inline_elsewhere,
            channels=(*CHANNELS, *ws.config.channels),
            journey_stages=[(s.id, s.title) for s in journey.stage_list],
            journey_personas=personas,
            existing_touchpoints={tp.id: tp.name for tp in journey.touchpoints},
        )
        merged = merge_into(source, imported, library=set(library))
    except OSError as exc:
        raise fail(
            f"{shown}: cannot read this file: {exc.strerror or exc}; check that it exists and is readable"
        ) from None
    except UserError as exc:
        message = str(exc)
        raise fail(message if message.startswith((shown, target)) else f"{shown}: {message}") from None
    _report_sheet(shown, imported)
    for change in merged.changes:
        print(
            f"{shown}:{change.row}: {change.message}" if change.row else f"{target}: {change.message}", file=sys.stderr
        )
    if merged.kept:
        kept = ", ".join(merged.kept[:10]) + (f" and {len(merged.kept) - 10} more" if len(merged.kept) > 10 else "")
        print(
            f"{shown}: note: {len(merged.kept)} touchpoint{'s' if len(merged.kept) != 1 else ''} of {target} "
            f"{'are' if len(merged.kept) != 1 else 'is'} not in the sheet and kept: {kept} (delete them in the "
            "YAML if they should go)",
            file=sys.stderr,
        )
    before = source.path.read_bytes()
    if before.decode("utf-8-sig").replace("\r\n", "\n") != source.text.replace("\r\n", "\n"):
        raise fail(f"{target} changed while cjm was reading it; nothing was written, run cjm again")
    newline = "\r\n" if b"\r\n" in before else "\n"
    bom = b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b""
    after = bom + merged.text.replace("\n", newline).encode("utf-8")
    if not merged.changed or after == before:
        info(f"{target} already matches {shown}; nothing written")
    elif dry_run:
        from ..newentity.splice import Edit

        sys.stdout.write(Edit(source.path, target, before, after, 1, journey.id).diff())
        n = len(merged.changes)
        info(f"{n} change{'s' if n != 1 else ''}; nothing written (--dry-run)")
    else:
        try:
            replace_file(source.path, after, expected=before)
        except FileChanged as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot write {target}: {exc.strerror or exc}") from None
        info(f"updated {target}: {len(merged.changes)} change{'s' if len(merged.changes) != 1 else ''}")
    if imported.problems:
        raise typer.Exit(1)


@export_app.command("csv", short_help="Write one journey's touchpoints as CSV, one row each")
def export_csv(
    paths: PathsArg = None,
    output: OutputFileOpt = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="Start with a UTF-8 byte-order mark, so Excel on Windows shows accents right."),
    ] = False,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Write one journey's touchpoints as CSV: one row per touchpoint, in file order.

    The columns are exactly those `cjm import csv` reads, so export then import gives the
    same touchpoint data. Cells that a spreadsheet would run as a formula (starting with
    = + - @) get a leading ' ; import removes it. Stage details, personas' definitions and
    actions are not touchpoint data and stay in the YAML. Exit status: 0 ok, 2 usage
    error, unreadable or invalid input, or more than one journey.
    """
    from ..csvio import journey_to_rows, write_csv

    ws_list = _load_valid(paths, max_file_mb, "nothing exported")
    journeys = [(f, j) for ws in ws_list for f, j in ws.valid_journeys()]
    if len(journeys) != 1:
        raise fail(_one_journey_message(paths, journeys))
    _emit(write_csv(journey_to_rows(journeys[0][1]), bom=excel), output)


@export_app.command("json", short_help="Write the journeys and persona libraries as one JSON document")
def export_json(
    paths: PathsArg = None,
    output: OutputFileOpt = None,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Write the validated journeys and persona libraries as one JSON document.

    {"cjm": 1, "journeys": [{"file", "journey", "resolved": {"stages", "personas"}}],
    "persona_libraries": [{"file", "personas"}]}. `journey` is the model as validated
    (every field present, dates as ISO strings); `resolved` expands a built-in stage
    model and looks up persona library references. Exit status: 0 ok, 2 usage error,
    unreadable or invalid input.
    """
    from ..export_json import export_document, to_json

    ws_list = _load_valid(paths, max_file_mb, "nothing exported")
    if not any(ws.valid_journeys() for ws in ws_list):
        raise fail(_one_journey_message(paths, []))
    _emit(to_json(export_document(ws_list)), output)


def _load_valid(paths: list[Path] | None, max_file_mb: float | None, what: str) -> list[Workspace]:
    """Load and gate: errors are printed as `cjm validate` prints them, then exit 2."""
    from ..errors import UserError
    from ..findings import Severity, sort_findings
    from ..reporters import Report, get_reporter
    from ..validate import check_format
    from ..workspace import load_paths

    try:
        workspaces = load_paths(list(paths or []), max_file_mb=max_file_mb)
    except UserError as exc:
        raise fail(str(exc)) from None
    findings = sort_findings([f for ws in workspaces for f in check_format(ws)])
    if any(f.severity is Severity.ERROR for f in findings) or any(ws.unreadable for ws in workspaces):
        sources: dict[str, str] = {}
        for ws in workspaces:
            sources.update(ws.sources())
        files = sum(ws.files_checked for ws in workspaces)
        get_reporter("text")(Report(findings, files, sources), sys.stderr)
        raise fail(f"{what}: fix the errors above (`cjm validate` lists them) and run again")
    return workspaces


def _one_journey_message(paths: list[Path] | None, journeys: list[tuple[SourceFile, Journey]]) -> str:
    shown = " ".join(str(p) for p in paths) if paths else "the current workspace"
    if not journeys:
        return f"no journey files found in {shown}; pass a journey file or a workspace directory"
    names = ", ".join(f.display for f, _ in journeys)
    return f"export csv writes one journey, and {shown} holds {len(journeys)} ({names}); pass one journey file"


def _emit(text: str, output: Path | None) -> None:
    from ..discovery import display_path
    from ..output import write_atomic

    if output is None:
        # Bytes, so the CSV's CRLF line ends and the BOM reach the pipe unchanged.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    if output.is_dir():
        raise fail(f"{display_path(output.absolute())} is a directory; -o takes the file to write")
    try:
        target = write_atomic(output.absolute().parent, output.name, text)
    except OSError as exc:
        raise fail(f"cannot write {display_path(output.absolute())}: {exc.strerror or exc}") from None
    info(f"wrote {display_path(target)}")


def _workspace_names(
    target: Path | None,
) -> tuple[set[str], dict[str, str], tuple[str, ...], dict[str, list[tuple[str, str]]]]:
    """What the workspace the journey will be written into already defines: library persona
    ids, personas other journeys define inline (id -> file), extra channels, and its shared
    stage models (name -> (stage id, name))."""
    from ..discovery import YAML_SUFFIXES, find_root
    from ..model import PersonaLibrary
    from ..workspace import load_workspace, read_source

    directory = target.parent if target is not None else Path.cwd()
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    root = find_root(directory)
    if root is not None:
        ws = load_workspace(root)
        files, channels = ws.files, tuple(ws.config.channels)
        models = {name: [(s.id, s.title) for s in stages] for name, stages in ws.config.stage_models.items()}
    elif target is not None:
        # No cjm.yaml: `cjm validate` would treat the directory as the workspace, but walking
        # all of it (a home directory, say) is no price to pay for an import; its own YAML
        # files are where a clash would come from.
        siblings = sorted(p for p in directory.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
        files, channels, models = [read_source(p, max_bytes=10_000_000) for p in siblings], (), {}
    else:
        return set(), {}, (), {}
    library: set[str] = set()
    inline: dict[str, str] = {}
    for f in files:
        if isinstance(f.model, PersonaLibrary):
            library.update(p.id for p in f.model.personas)
        elif f.journey is not None and f.path != target:  # the file --force replaces does not count
            for entry in f.journey.personas:
                if not isinstance(entry, str):
                    inline.setdefault(entry.id, f.display)
    return library, inline, channels, models


def _default_id(file: Path) -> str:
    from ..hints import slugify

    return slugify(file.stem, 64) or "imported-journey"


def _is_slug(text: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", text) is not None and len(text) <= 128
