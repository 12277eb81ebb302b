"""`cjm new touchpoint|persona|action|journey`: add a skeleton entity, asking for what is missing.

Flag parsing only: the question flows (what is asked when a value is missing, in a
terminal) live in `cjm.newentity.prompts`, the editing in `cjm.newentity`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ._common import fail, info

new_app = typer.Typer(
    help="Add a touchpoint, persona or action to a file, or write a new journey skeleton.",
    short_help="Add a touchpoint, persona or action, or start a journey",
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


@new_app.command(short_help="Add a touchpoint after the last one of its stage")
def touchpoint(
    file: FileArg,
    stage: Annotated[
        Optional[str], typer.Option("--stage", metavar="STAGE", help="A stage of the journey: its id or its name.")
    ] = None,
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
    emotions: Annotated[
        Optional[list[str]],
        typer.Option(
            "--emotions",
            metavar="PERSONA=1-5",
            help="The emotion of one persona, e.g. site-supervisor=4 (repeat or comma-separate).",
        ),
    ] = None,
    customer_action: Annotated[
        Optional[str], typer.Option("--customer-action", metavar="TEXT", help="What the customer does, their side.")
    ] = None,
    target_emotion: Annotated[
        Optional[int], typer.Option("--target-emotion", metavar="1-5", help="The emotion it should evoke, 1..5.")
    ] = None,
    feeling: Annotated[
        Optional[str], typer.Option("--feeling", metavar="TEXT", help="A word for the emotion, e.g. anxious.")
    ] = None,
    pain_point: Annotated[
        Optional[list[str]], typer.Option("--pain-point", metavar="TEXT", help="A pain point (repeatable).")
    ] = None,
    opportunity: Annotated[
        Optional[list[str]], typer.Option("--opportunity", metavar="TEXT", help="An opportunity (repeatable).")
    ] = None,
    quote: Annotated[
        Optional[list[str]],
        typer.Option("--quote", metavar="TEXT", help="The customer's words; 'PERSONA: TEXT' says who (repeatable)."),
    ] = None,
    metric: Annotated[
        Optional[list[str]],
        typer.Option("--metric", metavar="KEY=NUMBER", help="A measured figure, e.g. nps=31 (repeatable)."),
    ] = None,
    target: Annotated[
        Optional[list[str]],
        typer.Option("--target", metavar="KEY=NUMBER", help="A goal for a metric key, e.g. nps=45 (repeatable)."),
    ] = None,
    backstage: Annotated[
        Optional[list[str]],
        typer.Option("--backstage", metavar="TEXT", help="What happens behind the scenes (repeatable)."),
    ] = None,
    next: Annotated[
        Optional[list[str]],
        typer.Option("--next", metavar="ID", help="A touchpoint that can follow (repeat or comma-separate)."),
    ] = None,
    description: Annotated[
        Optional[str], typer.Option("--description", metavar="TEXT", help="Longer notes on the touchpoint.")
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
    from ..newentity import prompts

    try:
        tf = ne.open_target(file)
        entry = prompts.touchpoint(
            tf,
            prompts.Asker.for_terminal(no_input),
            stage=stage,
            name=name,
            id=id,
            channel=channel,
            personas=prompts.split(persona),
            owner=owner,
            emotion=emotion,
            details=ne.TouchpointDetails(
                customer_action=customer_action,
                target_emotion=target_emotion,
                feeling=feeling,
                emotions=prompts.split(emotions),
                pain_points=pain_point or (),
                opportunities=opportunity or (),
                quotes=quote or (),
                metrics=metric or (),
                targets=target or (),
                backstage=backstage or (),
                next=prompts.split(next),
                description=description,
            ),
        )
        _add(tf, "touchpoints", entry, "touchpoint", dry_run, ne.touchpoint_anchor(tf, entry["stage"], after))
    except UserError as exc:
        raise fail(str(exc), exc.exit_code) from None


@new_app.command(short_help="Add a persona to a journey or a persona library")
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
    from ..newentity import prompts

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
        if ref is not None:
            if tf.journey is None:
                raise UserError(f"{tf.display} is a persona library; --ref adds a library persona to a journey file")
            entry, after = ne.persona_reference(tf, ref)
            _add(tf, "personas", entry, "persona", dry_run, after)
            return
        entry = prompts.persona(
            tf,
            prompts.Asker.for_terminal(no_input),
            name=name,
            role=role,
            id=id,
            goals=goal or (),
            pain_points=pain_point or (),
            channels=prompts.split(channel),
            stages=prompts.split(stage),
        )
        _add(tf, "personas", entry, "persona", dry_run)
    except UserError as exc:
        raise fail(str(exc), exc.exit_code) from None


@new_app.command(short_help="Add an action to a journey's action plan")
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
    from ..newentity import prompts

    try:
        tf = ne.open_target(file)
        entry = prompts.action(
            tf,
            prompts.Asker.for_terminal(no_input),
            title=title,
            addresses=prompts.split(addresses),
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
        raise fail(str(exc), exc.exit_code) from None


@new_app.command(short_help="Write a new journey file that passes cjm validate")
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
    from ..newentity import prompts

    try:
        title, stages = prompts.journey(prompts.Asker.for_terminal(no_input), title=title, stages=stages, path=path)
        plan = ne.plan_journey(
            path,
            title=title,
            stages=stages,
            id=id,
            type=type,
            owner=owner,
            personas=prompts.split(persona),
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
        raise fail(str(exc), exc.exit_code) from None
