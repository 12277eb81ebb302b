"""`cjm new touchpoint|persona|action|journey`: add a skeleton entity, asking for what is missing.

Values come from flags. When a required one is missing and cjm runs in a terminal, it asks
(showing the choices) and then also offers the optional fields; otherwise (CI, scripts,
`--no-input`) a missing value is a usage error that names the flag.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from ._common import fail, info

T = TypeVar("T")

new_app = typer.Typer(
    help="Add a touchpoint, persona or action to a file, or write a new journey skeleton.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(new_app, name="new")


FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="The journey file to add to.", show_default=False)]
IdOpt = Annotated[
    Optional[str], typer.Option("--id", metavar="ID", help="Id (default: a slug of the name, made unique).")
]
OwnerOpt = Annotated[
    Optional[str], typer.Option("--owner", metavar="TEAM", help="Owning department, e.g. customer-success.")
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff instead of writing the file.")
]
NoInputOpt = Annotated[
    bool, typer.Option("--no-input", help="Never ask: a missing required value is an error, even in a terminal.")
]


class _Asker:
    """Prompts on stderr (stdout stays clean for --dry-run) that repeat until the answer is valid."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.asked = False

    def required(self, flag: str, value: T | None, why: str, ask: Callable[[], T]) -> T:
        if value is not None:
            return value
        if not self.enabled:
            raise fail(f"missing {flag}: {why}; pass {flag}, or run in a terminal to be asked")
        self.asked = True
        return ask()

    def text(
        self,
        label: str,
        check: Callable[[str], Any],
        *,
        choices: Sequence[str] = (),
        optional: bool = False,
        skip: str = "Enter to skip",
    ) -> Any:
        from ..errors import UserError

        shown = f" [{', '.join(choices)}]" if choices else ""
        hint = f" ({skip})" if optional else ""
        while True:
            try:
                answer = typer.prompt(f"{label}{shown}{hint}", default="", show_default=False, err=True).strip()
            except (typer.Abort, EOFError):
                raise fail("cancelled; nothing was written", 130) from None
            if not answer:
                if optional:
                    return None
                print("  a value is required", file=sys.stderr)
                continue
            try:
                return check(answer)
            except UserError as exc:
                print(f"  {exc}", file=sys.stderr)


def _skip_hint(tf: Any, rule: str) -> str:
    """What Enter does for an optional owner: skip it, or write the placeholder a failing rule needs."""
    from .. import newentity as ne

    if rule in ne.failing_rules(tf.workspace, tf.source.path):
        return f"Enter for the placeholder '{ne.TODO_OWNER}': {rule} is an error in this workspace"
    return "Enter to skip"


def _interactive(no_input: bool) -> bool:
    return not no_input and sys.stdin.isatty() and sys.stderr.isatty()


def _split(values: Sequence[str] | None) -> list[str]:
    """`--persona a --persona b` and `--persona a,b` mean the same."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _int(flag: str, check: Callable[[str, int], int]) -> Callable[[str], int]:
    def parse(answer: str) -> int:
        from ..errors import UserError

        try:
            return check(flag, int(answer))
        except ValueError:
            raise UserError(f"{flag} must be a whole number 1..5, not '{answer}'") from None

    return parse


def _add(tf: Any, key: str, entry: Any, kind: str, dry_run: bool, after: int | None = None) -> None:
    """Add the entry, filled with what the workspace's error rules ask for, and say what is left to do."""
    from .. import newentity as ne

    filled = ne.fill_entry(tf, key, entry) if isinstance(entry, dict) else []
    edit = ne.add_entry(tf, key, entry, after)
    notes = ne.edit_notes(tf, edit, filled)
    if dry_run:
        sys.stdout.write(edit.diff())
    else:
        ne.write_edit(edit)
        info(f"added {kind} '{edit.entity_id}' to {edit.display}:{edit.line}")
    for note in notes:
        info(note)


@new_app.command()
def touchpoint(
    file: FileArg,
    stage: Annotated[Optional[str], typer.Option("--stage", metavar="STAGE", help="A stage id of the journey.")] = None,
    name: Annotated[
        Optional[str], typer.Option("--name", metavar="TEXT", help="What happens, from the customer's side.")
    ] = None,
    id: IdOpt = None,
    channel: Annotated[
        Optional[str], typer.Option("--channel", metavar="CHANNEL", help="web, email, sales-call, ...")
    ] = None,
    persona: Annotated[
        Optional[list[str]],
        typer.Option("--persona", metavar="ID", help="A persona of the journey (repeat or comma-separate)."),
    ] = None,
    owner: OwnerOpt = None,
    emotion: Annotated[
        Optional[int], typer.Option("--emotion", metavar="1-5", help="1 (very negative) .. 5 (very positive).")
    ] = None,
    after: Annotated[
        Optional[str],
        typer.Option("--after", metavar="ID", help="Insert after this touchpoint (default: last of its stage)."),
    ] = None,
    dry_run: DryRunOpt = False,
    no_input: NoInputOpt = False,
) -> None:
    """Add a touchpoint after the last touchpoint of its stage, keeping the file's comments and layout."""
    from .. import newentity as ne
    from ..errors import UserError

    try:
        tf = ne.open_target(file)
        journey = ne.journey_of(tf)
        stages = ne.stage_ids(journey)
        ask = _Asker(_interactive(no_input))
        if stage is not None:
            ne.check_stage(tf, stage)
        stage = ask.required(
            "--stage",
            stage,
            f"the stage of the journey ({', '.join(stages)})",
            lambda: ask.text("Stage", lambda s: ne.check_stage(tf, s), choices=stages),
        )
        name = ask.required(
            "--name",
            name,
            "what happens at this touchpoint, e.g. --name 'Joins the kick-off call'",
            lambda: ask.text("Name (what happens, from the customer's side)", lambda s: ne.check_text("--name", s)),
        )
        personas = _split(persona)
        if ask.asked:  # the user is being walked through it: offer the optional fields too
            if channel is None:
                channels = ne.channels_allowed(tf.workspace)
                channel = ask.text("Channel", lambda s: ne.check_channel(tf, s), choices=channels, optional=True)
            if not personas:
                personas = (
                    ask.text(
                        "Personas (comma-separated)",
                        lambda s: ne.check_personas(tf, _split([s])),
                        choices=journey.persona_ids,
                        optional=True,
                    )
                    or []
                )
            if owner is None:
                owner = ask.text(
                    "Owner (department)",
                    lambda s: ne.check_slug("--owner", s),
                    optional=True,
                    skip=_skip_hint(tf, "missing-owner"),
                )
            if emotion is None:
                emotion = ask.text("Emotion 1..5", _int("--emotion", ne.check_score), optional=True)
        entry = ne.touchpoint_entry(
            tf, stage=stage, name=name, id=id, channel=channel, personas=personas, owner=owner, emotion=emotion
        )
        _add(tf, "touchpoints", entry, "touchpoint", dry_run, ne.touchpoint_anchor(tf, stage, after))
    except UserError as exc:
        raise fail(str(exc)) from None


@new_app.command()
def persona(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A journey file (inline persona) or a persona library file.")
    ],
    name: Annotated[
        Optional[str], typer.Option("--name", metavar="TEXT", help="E.g. 'Maya, Head of Marketing'.")
    ] = None,
    role: Annotated[
        Optional[str], typer.Option("--role", metavar="ROLE", help="economic-buyer, end-user, champion, ...")
    ] = None,
    id: IdOpt = None,
    goal: Annotated[Optional[list[str]], typer.Option("--goal", metavar="TEXT", help="A goal (repeatable).")] = None,
    pain_point: Annotated[
        Optional[list[str]], typer.Option("--pain-point", metavar="TEXT", help="A pain point (repeatable).")
    ] = None,
    channel: Annotated[
        Optional[list[str]],
        typer.Option("--channel", metavar="CHANNEL", help="A preferred channel (repeat or comma-separate)."),
    ] = None,
    stage: Annotated[
        Optional[list[str]],
        typer.Option(
            "--stage", metavar="ID", help="A stage it is expected in, for persona-gap (repeat or comma-separate)."
        ),
    ] = None,
    ref: Annotated[
        Optional[str],
        typer.Option(
            "--ref",
            metavar="ID",
            help="Instead of a new persona: reference this persona of a persona library from the journey.",
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    no_input: NoInputOpt = False,
) -> None:
    """Add a persona to a journey's `personas:` or to a persona library; its id must be new in the workspace.

    With --ref, add a persona that a persona library already defines to a journey, as a bare id.
    """
    from .. import newentity as ne
    from ..errors import UserError

    if ref is not None:
        given = [flag for flag, value in (("--name", name), ("--role", role), ("--id", id)) if value is not None]
        given += [
            flag
            for flag, values in (
                ("--goal", goal),
                ("--pain-point", pain_point),
                ("--channel", channel),
                ("--stage", stage),
            )
            if values
        ]
        if given:
            verb = "describes" if len(given) == 1 else "describe"
            raise fail(
                f"--ref adds an existing library persona; {', '.join(given)} {verb} a new one: use one or the other"
            )
        try:
            tf = ne.open_target(file)
            if tf.journey is None:
                raise UserError(f"{tf.display} is a persona library; --ref adds a library persona to a journey file")
            entry, after = ne.persona_reference(tf, ref)
            _add(tf, "personas", entry, "persona", dry_run, after)
        except UserError as exc:
            raise fail(str(exc)) from None
        return

    try:
        tf = ne.open_target(file)
        ask = _Asker(_interactive(no_input))
        name = ask.required(
            "--name",
            name,
            "who the persona is, e.g. --name 'Maya, Head of Marketing'",
            lambda: ask.text("Name", lambda s: ne.check_text("--name", s)),
        )
        roles = ne.roles_allowed(tf.workspace)
        if role is not None:
            ne.check_choice("--role", role, roles)
        role = ask.required(
            "--role",
            role,
            f"their role in the buying committee ({', '.join(roles)})",
            lambda: ask.text("Role", lambda s: ne.check_choice("--role", s, roles), choices=roles),
        )
        channels = _split(channel)
        if ask.asked and not channels:
            channels = (
                ask.text(
                    "Preferred channels (comma-separated)",
                    lambda s: [ne.check_channel(tf, c) for c in _split([s])],
                    choices=ne.channels_allowed(tf.workspace),
                    optional=True,
                )
                or []
            )
        entry = ne.persona_entry(
            tf,
            name=name,
            role=role,
            id=id,
            goals=goal or (),
            pain_points=pain_point or (),
            channels=channels,
            stages=_split(stage),
        )
        _add(tf, "personas", entry, "persona", dry_run)
    except UserError as exc:
        raise fail(str(exc)) from None


@new_app.command()
def action(
    file: FileArg,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="What will be done.")] = None,
    addresses: Annotated[
        Optional[list[str]],
        typer.Option("--addresses", metavar="ID", help="Touchpoint ids it improves (repeat or comma-separate)."),
    ] = None,
    id: IdOpt = None,
    owner: OwnerOpt = None,
    priority: Annotated[Optional[str], typer.Option("--priority", metavar="LEVEL", help="high | medium | low.")] = None,
    impact: Annotated[
        Optional[int], typer.Option("--impact", metavar="1-5", help="1..5: value to customer and business.")
    ] = None,
    effort: Annotated[Optional[int], typer.Option("--effort", metavar="1-5", help="1..5: cost to deliver.")] = None,
    metric: Annotated[Optional[str], typer.Option("--metric", metavar="TEXT", help="How success is measured.")] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD", help="Due date, YYYY-MM-DD.")] = None,
    status: Annotated[
        Optional[str], typer.Option("--status", metavar="STATUS", help="planned | in-progress | done | dropped.")
    ] = None,
    dry_run: DryRunOpt = False,
    no_input: NoInputOpt = False,
) -> None:
    """Add an action to the journey's action plan (`actions:`, created when missing)."""
    from .. import newentity as ne
    from ..errors import UserError

    try:
        tf = ne.open_target(file)
        touchpoints = [t.id for t in ne.journey_of(tf).touchpoints]
        ask = _Asker(_interactive(no_input))
        title = ask.required(
            "--title",
            title,
            "what will be done, e.g. --title 'Publish list prices'",
            lambda: ask.text("Title", lambda s: ne.check_text("--title", s)),
        )
        targets = _split(addresses)
        if targets:
            ne.check_touchpoints(tf, targets)
        targets = ask.required(
            "--addresses",
            targets or None,
            "the touchpoint ids this action improves",
            lambda: ask.text(
                "Addresses (touchpoint ids, comma-separated)",
                lambda s: ne.check_touchpoints(tf, _split([s])),
                choices=touchpoints,
            ),
        )
        if ask.asked:
            if owner is None:
                owner = ask.text(
                    "Owner (department)",
                    lambda s: ne.check_slug("--owner", s),
                    optional=True,
                    skip=_skip_hint(tf, "action-incomplete"),
                )
            if priority is None:
                priority = ask.text(
                    "Priority",
                    lambda s: ne.check_choice("--priority", s, ne.PRIORITIES),
                    choices=ne.PRIORITIES,
                    optional=True,
                )
            if due is None:
                due = ask.text("Due date (YYYY-MM-DD)", lambda s: ne.check_date("--due", s) and s, optional=True)
        entry = ne.action_entry(
            tf,
            title=title,
            addresses=targets,
            id=id,
            owner=owner,
            priority=priority,
            impact=impact,
            effort=effort,
            metric=metric,
            due=due,
            status=status,
        )
        _add(tf, "actions", entry, "action", dry_run)
    except UserError as exc:
        raise fail(str(exc)) from None


@new_app.command()
def journey(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH", help="The new file (.yaml), or a directory to write <id>.yaml into.", show_default=False
        ),
    ],
    title: Annotated[
        Optional[str], typer.Option("--title", metavar="TEXT", help="E.g. 'Mid-market SaaS, first search to renewal'.")
    ] = None,
    stages: Annotated[
        Optional[str],
        typer.Option(
            "--stages", metavar="MODEL", help="Stage model: b2b-7, b2b-5, linear-5, buying-jobs, or cjm.yaml's."
        ),
    ] = None,
    id: IdOpt = None,
    type: Annotated[
        Optional[str], typer.Option("--type", metavar="TYPE", help="current-state | future-state | ...")
    ] = None,
    owner: OwnerOpt = None,
    persona: Annotated[
        Optional[list[str]],
        typer.Option("--persona", metavar="ID", help="A library persona to reference (repeatable)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the file instead of writing it.")] = False,
    no_input: NoInputOpt = False,
) -> None:
    """Write a new journey file that passes `cjm validate`: one persona and one placeholder touchpoint."""
    from .. import newentity as ne
    from ..errors import UserError

    try:
        ask = _Asker(_interactive(no_input))
        title = ask.required(
            "--title",
            title,
            "the journey's title, e.g. --title 'Mid-market SaaS, first search to renewal'",
            lambda: ask.text("Title", lambda s: ne.check_text("--title", s)),
        )
        if ask.asked and stages is None:
            models = tuple(ne.stage_models_for(path))
            stages = ask.text(
                "Stage model (Enter for b2b-7)",
                lambda s: ne.check_choice("--stages", s, models),
                choices=models,
                optional=True,
            )
        plan = ne.plan_journey(
            path,
            title=title,
            stages=stages or "b2b-7",
            id=id,
            type=type,
            owner=owner,
            personas=_split(persona),
            force=force,
        )
        if dry_run:
            sys.stdout.write(plan.text)
            return
        ne.write_journey(plan, force=force)
        for note in plan.notes:
            info(note)
        info(f"wrote {plan.display}; next: `cjm new touchpoint {plan.display} --stage ... --name ...`")
    except UserError as exc:
        raise fail(str(exc)) from None
