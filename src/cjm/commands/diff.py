"""`cjm diff`: semantic journey diffs for pull-request review."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from ._common import MaxFileMbOpt

_AFTER_DASHDASH = "cjm_diff_after_dashdash"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class _DiffCommand(TyperCommand):
    """Remembers how many arguments followed `--`, which click otherwise swallows: in
    `--git BASE [HEAD] -- PATH...` that is what tells HEAD from a path."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args:
            ctx.meta[_AFTER_DASHDASH] = len(args) - args.index("--") - 1
        return super().parse_args(ctx, args)


EPILOG = (
    "Examples:\n\n\b\n"
    "  cjm diff journeys/a.yaml journeys/b.yaml\n"
    "  cjm diff origin/main:journeys/ journeys/\n"
    "  cjm diff --git origin/main -f markdown --fail-on removed,coverage-drop\n"
    "  cjm diff --git v1.0 v2.0 -- journeys/onboarding.yaml\n\n"
    "As a git diff driver, so that `git diff` shows semantic diffs of journey files:\n\n\b\n"
    "  git config diff.cjm.command 'cjm diff --git-driver'\n"
    "  echo 'journeys/**/*.yaml diff=cjm' >> .gitattributes\n"
)


def register(app: typer.Typer) -> None:
    app.command(
        name="diff", cls=_DiffCommand, epilog=EPILOG, short_help="What changed for the customer between two versions"
    )(diff)


def diff(
    ctx: typer.Context,
    operands: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="OLD NEW",
            help="Two journey files or two workspace directories; either may be REV:PATH (read from git). "
            "With --git: [HEAD] [-- PATH...].",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        Optional[str],
        typer.Option(
            "--git",
            metavar="BASE",
            help="Compare revision BASE with HEAD (or, without HEAD, the working tree), read from git objects.",
        ),
    ] = None,
    git_driver: Annotated[
        bool,
        typer.Option(
            "--git-driver", help="Take git's external diff arguments (set as diff.cjm.command); always exits 0."
        ),
    ] = False,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    mermaid: Annotated[
        bool, typer.Option("--mermaid", help="Markdown: add a Mermaid flowchart of each journey's changed stages.")
    ] = False,
    show_info: Annotated[
        bool,
        typer.Option(
            "--show-info",
            help="Text: list info findings (suggestions) in the lint delta; by default they are counted per rule.",
        ),
    ] = False,
    fail_on: Annotated[
        Optional[list[str]],
        typer.Option(
            "--fail-on",
            metavar="WHEN",
            help="Exit 1 when: any, removed, coverage-drop, new-errors, conversion-drop (a stage's measured "
            "conversion went down); comma-separated or repeated.",
        ),
    ] = None,
    lint: Annotated[bool, typer.Option("--lint/--no-lint", help="Report findings introduced and fixed.")] = True,
    max_file_mb: MaxFileMbOpt = None,
) -> None:
    """Show what changed for the customer between two versions of journey maps.

    Entities are matched by id; renames, moves between stages, stage order, emotions, the
    persona x stage coverage and the lint findings are compared; the figures `cjm measure
    --write` keeps in `measured:` are shown as funnel, conformance, reach and survey deltas.
    Comments and formatting are ignored. Exit status: 0 no differences or not gated, 1 a --fail-on condition holds,
    2 usage errors, unknown revisions or files that do not parse.
    """
    from ..diff import FAIL_ON, diff_workspaces, input_errors
    from ..diff.inputs import from_driver, from_git, from_operands, looks_like_driver
    from ..errors import UserError
    from ..progress import Timings, describe_workspaces
    from ._common import Verbosity, detail, fail

    timings = Timings()

    args = list(operands or [])
    wanted = [w.strip() for value in fail_on or [] for w in value.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in FAIL_ON]
    if unknown:
        raise fail(f"unknown --fail-on value {unknown[0]!r}; choose from {', '.join(FAIL_ON)}")
    driver = git_driver or (git is None and looks_like_driver(args))
    try:
        if driver:
            comparison = from_driver(args, max_file_mb=max_file_mb)
        elif git is not None:
            after = ctx.meta.get(_AFTER_DASHDASH)
            if after is None:
                # No `--`: like git, a first argument that is a revision is HEAD.
                head, paths = _split_head(args)
            else:
                before = args[: len(args) - after]
                if len(before) > 1:
                    raise UserError("--git takes at most one HEAD revision before `--`; put paths after `--`")
                head, paths = (before[0] if before else None), args[len(args) - after :]
            comparison = from_git(git, head, paths, max_file_mb=max_file_mb)
        elif len(args) == 2:
            comparison = from_operands(args[0], args[1], max_file_mb=max_file_mb)
        else:
            raise UserError(
                f"cjm diff takes two operands, OLD and NEW (got {len(args)}); or use --git BASE [HEAD] [-- PATH...]"
            )
    except UserError as exc:
        if driver:  # git stops a whole `git diff` when its driver fails: say why, exit 0
            print(f"cjm diff: {exc}")
            return
        raise fail(str(exc)) from None

    timings.phases.append(("load", timings.elapsed()))
    old, new = comparison.old, comparison.new
    if Verbosity.verbose:
        # Either side may come from git objects or from git's temporary files: list what was
        # read, not what the working tree holds.
        for side, label in ((old, "old"), (new, "new")):
            detail(f"{label}: {side.label}")
            for line in describe_workspaces(side.workspaces, skipped=False):
                detail("  " + line)
    broken = input_errors(old.workspaces, new.workspaces)
    if broken:
        _print_broken(broken, [*old.workspaces, *new.workspaces], driver)
        if driver:
            return
        raise typer.Exit(2)
    with timings.phase("compare"):
        result = diff_workspaces(
            old.workspaces, new.workspaces, pair_by_position=comparison.pair_by_position, lint=lint, key=comparison.key
        )
        failed = result.triggered(wanted)
    with timings.phase("report"):
        _render(result, old.label, new.label, format, mermaid, failed, show_info)
    detail(timings.summary())
    if failed and not driver:
        raise typer.Exit(1)


def _split_head(args: list[str]) -> tuple[str | None, list[str]]:
    import os

    from ..gitsource import GitRepo

    if args and not os.path.exists(args[0]):
        GitRepo().tree(args[0])  # unknown revision -> a clear error, exit 2
        return args[0], args[1:]
    return None, args


def _render(
    result: Any, old: str, new: str, format: DiffFormat, mermaid: bool, failed: list[str], show_info: bool
) -> None:
    from ..diff.report import Labels

    labels = Labels(old, new)
    if format is DiffFormat.json:
        from ..diff.report import render_json

        render_json(result, labels, sys.stdout, failed_on=failed)
    elif format is DiffFormat.markdown:
        from ..diff.markdown import render_markdown

        render_markdown(result, labels, sys.stdout, mermaid=mermaid, failed_on=failed)
    else:
        from ..diff.text import render_text

        render_text(result, labels, sys.stdout, failed_on=failed, show_info=show_info)


def _print_broken(findings: list[Any], workspaces: list[Any], driver: bool) -> None:
    from ..reporters import Report, get_reporter

    sources: dict[str, str] = {}
    for ws in workspaces:
        for f in [*ws.files, *([ws.config_file] if ws.config_file else [])]:
            sources[f.display] = f.text
    stream = sys.stdout if driver else sys.stderr
    files = len({f.file for f in findings})
    from ._common import Verbosity

    get_reporter("text")(Report(findings, files, sources, summary=not Verbosity.quiet), stream)
    print(
        f"cjm: error: cannot compare: {files} file{'s do' if files != 1 else ' does'} not parse or validate; "
        "fix the findings above first",
        file=stream,
    )
