"""The question flows of `cjm new`: which values to ask for, in which order, and how to check them.

A flow takes the values given as flags and returns the complete set. A missing required
value is asked for when cjm runs in a terminal; once the user is being walked through it,
the optional fields are offered too. Without a terminal (CI, scripts, `--no-input`) a
missing value is a `UserError` that names the flag. Prompts go to stderr, so stdout stays
clean for `--dry-run`. The command module (`cjm.commands.new`) only parses flags, calls a
flow and writes the result.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import UserError
from ..stages import STAGE_MODELS
from . import entries, placeholders, target
from .journey import stage_models_for
from .target import TargetFile

T = TypeVar("T")


class Cancelled(UserError):
    """The user ended a prompt (Ctrl-C, Ctrl-D): nothing was written; exit 130 like a shell."""

    exit_code = 130


class Asker:
    """Prompts on stderr that repeat until the answer is valid; `enabled=False` never asks."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.asked = False

    @classmethod
    def for_terminal(cls, no_input: bool) -> Asker:
        """Asks only when stdin and stderr are a terminal and `--no-input` was not given."""
        return cls(not no_input and sys.stdin.isatty() and sys.stderr.isatty())

    def required(self, flag: str, value: T | None, why: str, ask: Callable[[], T]) -> T:
        if value is not None:
            return value
        if not self.enabled:
            raise UserError(f"missing {flag}: {why}; pass {flag}, or run in a terminal to be asked")
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
        import typer  # the prompt primitive; loaded only when a question is actually asked

        shown = f" [{', '.join(choices)}]" if choices else ""
        hint = f" ({skip})" if optional else ""
        while True:
            try:
                answer = typer.prompt(f"{label}{shown}{hint}", default="", show_default=False, err=True).strip()
            except (typer.Abort, EOFError):
                raise Cancelled("cancelled; nothing was written") from None
            if not answer:
                if optional:
                    return None
                print("  a value is required", file=sys.stderr)
                continue
            try:
                return check(answer)
            except UserError as exc:
                print(f"  {exc}", file=sys.stderr)

    def items(self, label: str, check: Callable[[str], T], *, skip: str = "Enter to skip") -> list[T]:
        """A prose list, one item a question ('Pain point', then 'Another pain point' until Enter):
        a sentence may contain commas, so answers are never split the way id lists are."""
        found: list[T] = []
        while True:
            if found:
                answer = self.text(
                    f"Another {label[:1].lower()}{label[1:]}", check, optional=True, skip="Enter when done"
                )
            else:
                answer = self.text(label, check, optional=True, skip=skip)
            if answer is None:
                return found
            found.append(answer)


def split(values: Sequence[str] | None) -> list[str]:
    """`--persona a --persona b` and `--persona a,b` mean the same."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def _skip_hint(failing: Mapping[str, Any], rule: str, placeholder: str = placeholders.TODO_OWNER) -> str:
    """What Enter does for an optional field: skip it, or write the placeholder a failing rule
    needs (`failing`: the rules that are errors for the file, `placeholders.failing_rules`)."""
    if rule in failing:
        return f"Enter for the placeholder '{placeholder}': {rule} is an error in this workspace"
    return "Enter to skip"


def _failing(tf: TargetFile) -> dict[str, Any]:
    return placeholders.failing_rules(tf.workspace, tf.source.path)


def _int(flag: str, check: Callable[[str, int], int]) -> Callable[[str], int]:
    def parse(answer: str) -> int:
        try:
            return check(flag, int(answer))
        except ValueError:
            raise UserError(f"{flag} must be a whole number 1..5, not '{answer}'") from None

    return parse


def touchpoint(
    tf: TargetFile,
    ask: Asker,
    *,
    stage: str | None,
    name: str | None,
    id: str | None,
    channel: str | None,
    personas: list[str],
    owner: str | None,
    emotion: int | None,
    details: entries.TouchpointDetails | None = None,
) -> dict[str, Any]:
    """The touchpoint entry to add: `--stage` and `--name` required, the rest offered."""
    journey = target.journey_of(tf)
    stages = target.stage_ids(journey)
    if stage is not None:
        target.check_stage(tf, stage)
    stage = ask.required(
        "--stage",
        stage,
        f"the stage of the journey ({', '.join(stages)})",
        lambda: ask.text("Stage", lambda s: target.check_stage(tf, s), choices=stages),
    )
    name = ask.required(
        "--name",
        name,
        "what happens at this touchpoint, e.g. --name 'Joins the kick-off call'",
        lambda: ask.text("Name (what happens, from the customer's side)", lambda s: target.check_text("--name", s)),
    )
    details = details or entries.TouchpointDetails()
    if ask.asked:  # the user is being walked through it: offer the optional fields too
        failing = _failing(tf)
        if channel is None:
            channels = target.channels_allowed(tf.workspace)
            channel = ask.text("Channel", lambda s: target.check_channel(tf, s), choices=channels, optional=True)
        if not personas:
            personas = (
                ask.text(
                    "Personas (comma-separated)",
                    lambda s: target.check_personas(tf, split([s])),
                    choices=journey.persona_ids,
                    optional=True,
                )
                or []
            )
        if owner is None:
            owner = ask.text(
                "Owner (department)",
                lambda s: target.check_slug("--owner", s),
                optional=True,
                skip=_skip_hint(failing, "missing-owner"),
            )
        emotion, details = _touchpoint_research(tf, ask, failing, emotion, details)
    return entries.touchpoint_entry(
        tf,
        stage=stage,
        name=name,
        id=id,
        channel=channel,
        personas=personas,
        owner=owner,
        emotion=emotion,
        details=details,
    )


_TODO = "TODO: ..."  # how a long placeholder is named in a prompt, as in the note after writing


def _touchpoint_research(
    tf: TargetFile, ask: Asker, failing: Mapping[str, Any], emotion: int | None, details: entries.TouchpointDetails
) -> tuple[int | None, entries.TouchpointDetails]:
    """What a researcher notes at each touchpoint, in the order they think it through: what the
    customer does, how it feels (a score, then a word), what hurts, what could help, what
    follows. A field given as a flag is not asked; Enter leaves a field out. Each answer goes
    through the same check as its flag, so a wrong one is re-asked with the flag's message."""
    d = details
    customer_action = d.customer_action
    if customer_action is None:
        customer_action = ask.text(
            "Customer action (what they do, from their side)",
            lambda s: target.check_text("--customer-action", s),
            optional=True,
            skip=_skip_hint(failing, "customer-voice", _TODO),
        )
    if emotion is None:
        emotion = ask.text("Emotion 1..5", _int("--emotion", target.check_score), optional=True)
    feeling = d.feeling
    if feeling is None:
        feeling = ask.text(
            "Feeling, in a word (e.g. anxious)", lambda s: target.check_text("--feeling", s), optional=True
        )
    # Enter writes a placeholder only where `placeholders.fill_touchpoint` would: a pain point
    # for a low emotion, and an opportunity for any pain point (a placeholder one too).
    low = failing.get("unexplained-low")
    placeholder_pain = low is not None and emotion is not None and emotion <= low.max_emotion
    pain_points = d.pain_points
    if not pain_points:
        pain_points = ask.items(
            "Pain point",
            lambda s: target.check_text("--pain-point", s),
            skip=_skip_hint(failing if placeholder_pain else {}, "unexplained-low", _TODO),
        )
    opportunities = d.opportunities
    if not opportunities:
        hint = _skip_hint(failing if pain_points or placeholder_pain else {}, "unaddressed-pain", _TODO)
        opportunities = ask.items("Opportunity", lambda s: target.check_text("--opportunity", s), skip=hint)
    next_ids = d.next
    if not next_ids:
        next_ids = (
            ask.text(
                "Next touchpoints (ids, comma-separated)",
                lambda s: target.check_touchpoints(tf, split([s]), "--next"),
                choices=[t.id for t in target.journey_of(tf).touchpoints],
                optional=True,
            )
            or []
        )
    return emotion, dataclasses.replace(
        d,
        customer_action=customer_action,
        feeling=feeling,
        pain_points=pain_points,
        opportunities=opportunities,
        next=next_ids,
    )


def persona(
    tf: TargetFile,
    ask: Asker,
    *,
    name: str | None,
    role: str | None,
    id: str | None,
    goals: Sequence[str],
    pain_points: Sequence[str],
    channels: list[str],
    stages: Sequence[str] = (),
) -> dict[str, Any]:
    """The persona entry to add: `--name` and `--role` required, channels offered."""
    name = ask.required(
        "--name",
        name,
        "who the persona is, e.g. --name 'Maya, Head of Marketing'",
        lambda: ask.text("Name", lambda s: target.check_text("--name", s)),
    )
    roles = target.roles_allowed(tf.workspace)  # the built-in roles and cjm.yaml's `roles:`
    if role is not None:
        target.check_choice("--role", role, roles)
    role = ask.required(
        "--role",
        role,
        f"their role in the buying committee ({', '.join(roles)})",
        lambda: ask.text("Role", lambda s: target.check_choice("--role", s, roles), choices=roles),
    )
    if ask.asked and not channels:
        channels = (
            ask.text(
                "Preferred channels (comma-separated)",
                lambda s: [target.check_channel(tf, c) for c in split([s])],
                choices=target.channels_allowed(tf.workspace),
                optional=True,
            )
            or []
        )
    return entries.persona_entry(
        tf, name=name, role=role, id=id, goals=goals, pain_points=pain_points, channels=channels, stages=stages
    )


def action(
    tf: TargetFile,
    ask: Asker,
    *,
    title: str | None,
    addresses: list[str],
    id: str | None,
    owner: str | None,
    priority: str | None,
    impact: int | None,
    effort: int | None,
    metric: str | None,
    due: str | None,
    status: str | None,
) -> dict[str, Any]:
    """The action entry to add: `--title` and `--addresses` required; owner, priority, due offered."""
    touchpoints = [t.id for t in target.journey_of(tf).touchpoints]
    title = ask.required(
        "--title",
        title,
        "what will be done, e.g. --title 'Publish list prices'",
        lambda: ask.text("Title", lambda s: target.check_text("--title", s)),
    )
    if addresses:
        target.check_touchpoints(tf, addresses)
    addresses = ask.required(
        "--addresses",
        addresses or None,
        "the touchpoint ids this action improves",
        lambda: ask.text(
            "Addresses (touchpoint ids, comma-separated)",
            lambda s: target.check_touchpoints(tf, split([s])),
            choices=touchpoints,
        ),
    )
    if ask.asked:
        if owner is None:
            owner = ask.text(
                "Owner (department)",
                lambda s: target.check_slug("--owner", s),
                optional=True,
                skip=_skip_hint(_failing(tf), "action-incomplete"),
            )
        if priority is None:
            priority = ask.text(
                "Priority",
                lambda s: target.check_choice("--priority", s, target.PRIORITIES),
                choices=target.PRIORITIES,
                optional=True,
            )
        if due is None:
            due = ask.text("Due date (YYYY-MM-DD)", lambda s: target.check_date("--due", s) and s, optional=True)
    return entries.action_entry(
        tf,
        title=title,
        addresses=addresses,
        id=id,
        owner=owner,
        priority=priority,
        impact=impact,
        effort=effort,
        metric=metric,
        due=due,
        status=status,
    )


def journey(ask: Asker, *, title: str | None, stages: str | None, path: Path | None = None) -> tuple[str, str]:
    """The new journey's title (required) and stage model (offered; b2b-7 when skipped). With
    `path`, the models offered include the shared ones of its workspace's cjm.yaml."""
    title = ask.required(
        "--title",
        title,
        "the journey's title, e.g. --title 'Mid-market SaaS, first search to renewal'",
        lambda: ask.text("Title", lambda s: target.check_text("--title", s)),
    )
    if ask.asked and stages is None:
        models = tuple(stage_models_for(path)) if path is not None else tuple(STAGE_MODELS)
        stages = ask.text(
            "Stage model (Enter for b2b-7)",
            lambda s: target.check_choice("--stages", s, models),
            choices=models,
            optional=True,
        )
    return title, stages or "b2b-7"
