"""The entities `cjm new` adds: mappings in FORMAT.md key order with only the fields given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import UserError
from ..hints import quote_list
from .target import (
    PRIORITIES,
    STATUSES,
    TargetFile,
    check_channel,
    check_choice,
    check_date,
    check_emotions,
    check_figures,
    check_owner,
    check_personas,
    check_quote,
    check_score,
    check_slug,
    check_stage,
    check_text,
    check_touchpoints,
    did_you_mean,
    journey_of,
    persona_definitions,
    persona_ids_in_workspace,
    roles_allowed,
    stage_ids,
    unique_id,
)


@dataclass(frozen=True)
class TouchpointDetails:
    """The optional touchpoint fields beyond the essentials, as given on the command line
    (metrics and targets as `key=number` strings, emotions as `persona=n`, quotes as `text`
    or `persona: text`): what the linter asks for next."""

    customer_action: str | None = None
    target_emotion: int | None = None
    feeling: str | None = None
    emotions: Sequence[str] = ()
    pain_points: Sequence[str] = ()
    opportunities: Sequence[str] = ()
    metrics: Sequence[str] = ()
    targets: Sequence[str] = ()
    quotes: Sequence[str] = ()
    backstage: Sequence[str] = ()
    next: Sequence[str] = ()
    description: str | None = None


def touchpoint_entry(
    tf: TargetFile,
    *,
    stage: str,
    name: str,
    id: str | None = None,
    channel: str | None = None,
    personas: Sequence[str] = (),
    owner: str | None = None,
    emotion: int | None = None,
    details: TouchpointDetails = TouchpointDetails(),
) -> dict[str, Any]:
    """A touchpoint mapping in FORMAT.md key order, with only the given fields."""
    journey = journey_of(tf)
    entry: dict[str, Any] = {
        "id": unique_id(id, name, (t.id for t in journey.touchpoints), "touchpoint"),
        "stage": check_stage(tf, stage),
        "name": check_text("--name", name),
    }
    if channel is not None:
        entry["channel"] = check_channel(tf, channel)
    if personas:
        entry["personas"] = check_personas(tf, personas)
    if owner is not None:
        entry["owner"] = check_owner(tf.workspace, owner)
    d = details
    if d.customer_action is not None:
        entry["customer_action"] = check_text("--customer-action", d.customer_action)
    if emotion is not None:
        entry["emotion"] = check_score("--emotion", emotion)
    if d.emotions:
        entry["emotions"] = check_emotions(tf, d.emotions, entry.get("personas", ()))
    if d.target_emotion is not None:
        entry["target_emotion"] = check_score("--target-emotion", d.target_emotion)
    if d.feeling is not None:
        entry["feeling"] = check_text("--feeling", d.feeling)
    for key, flag, items in (
        ("pain_points", "--pain-point", d.pain_points),
        ("opportunities", "--opportunity", d.opportunities),
    ):
        if items:
            entry[key] = [check_text(flag, item) for item in items]
    if d.quotes:
        entry["quotes"] = [check_quote(tf, q) for q in d.quotes]
    for key, flag, given in (("metrics", "--metric", d.metrics), ("targets", "--target", d.targets)):
        if given:
            entry[key] = check_figures(flag, given)
    if d.backstage:
        entry["backstage"] = [check_text("--backstage", item) for item in d.backstage]
    if d.next:
        entry["next"] = check_touchpoints(tf, d.next, "--next")
    if d.description is not None:
        entry["description"] = check_text("--description", d.description)
    return entry


def persona_entry(
    tf: TargetFile,
    *,
    name: str,
    role: str,
    id: str | None = None,
    goals: Sequence[str] = (),
    pain_points: Sequence[str] = (),
    channels: Sequence[str] = (),
    stages: Sequence[str] = (),
) -> dict[str, Any]:
    """A persona mapping; its id must be free in the whole workspace, not only this file.

    `stages`: where the persona is expected (for persona-gap); in a journey, stages of it."""
    entry: dict[str, Any] = {
        "id": unique_id(id, name, persona_ids_in_workspace(tf.workspace), "persona"),
        "name": check_text("--name", name),
        "role": check_choice("--role", role, roles_allowed(tf.workspace)),
    }
    if goals:
        entry["goals"] = [check_text("--goal", g) for g in goals]
    if pain_points:
        entry["pain_points"] = [check_text("--pain-point", p) for p in pain_points]
    if channels:
        entry["channels"] = list(dict.fromkeys(check_channel(tf, c) for c in channels))
    if stages:
        # A library persona serves journeys with different stages: only its ids' form is checked.
        check = (lambda s: check_stage(tf, s)) if tf.journey is not None else (lambda s: check_slug("--stage", s))
        entry["stages"] = list(dict.fromkeys(check(s) for s in stages))
    return entry


def persona_reference(tf: TargetFile, ref: str) -> tuple[str, int]:
    """A library persona for a journey's `personas:` as a bare id, and the index of the item
    it goes after (the last bare id, so references stay together at the top; -1: first)."""
    journey = journey_of(tf)
    library = persona_definitions(tf.workspace, libraries_only=True)
    if ref not in library:
        raise UserError(
            f"--ref '{ref}' is not a persona of this workspace's persona libraries{did_you_mean(ref, library)} "
            f"Library personas: {quote_list(sorted(library))}"
        )
    if ref in journey.persona_ids:
        raise UserError(f"{tf.display} already has persona '{ref}'; nothing to add")
    bare = [i for i, p in enumerate(journey.personas) if isinstance(p, str)]
    return ref, bare[-1] if bare else -1


def action_entry(
    tf: TargetFile,
    *,
    title: str,
    addresses: Sequence[str],
    id: str | None = None,
    owner: str | None = None,
    priority: str | None = None,
    impact: int | None = None,
    effort: int | None = None,
    metric: str | None = None,
    due: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    journey = journey_of(tf)
    entry: dict[str, Any] = {
        "id": unique_id(id, title, (a.id for a in journey.actions), "action"),
        "title": check_text("--title", title),
        "addresses": check_touchpoints(tf, addresses),
    }
    if owner is not None:
        entry["owner"] = check_owner(tf.workspace, owner)
    if priority is not None:
        entry["priority"] = check_choice("--priority", priority, PRIORITIES)
    if impact is not None:
        entry["impact"] = check_score("--impact", impact)
    if effort is not None:
        entry["effort"] = check_score("--effort", effort)
    if metric is not None:
        entry["metric"] = check_text("--metric", metric)
    if due is not None:
        entry["due"] = check_date("--due", due)
    if status is not None:
        entry["status"] = check_choice("--status", status, STATUSES)
    return entry


def touchpoint_anchor(tf: TargetFile, stage: str, after: str | None = None) -> int:
    """Index of the touchpoint the new one follows (-1: before the first).

    Example files group touchpoints by stage, so the new one goes after the last touchpoint
    of its stage, or after the last one of an earlier stage when its stage has none yet.
    `after` (a touchpoint id) overrides.
    """
    journey = journey_of(tf)
    ids = [t.id for t in journey.touchpoints]
    if after is not None:
        if after not in ids:
            raise UserError(
                f"--after '{after}' is not a touchpoint of {tf.display}{did_you_mean(after, ids)} "
                f"Its touchpoints: {quote_list(ids)}"
            )
        return ids.index(after)
    order = {sid: i for i, sid in enumerate(stage_ids(journey))}
    rank = order[stage]
    anchor = -1
    for i, tp in enumerate(journey.touchpoints):
        if order.get(tp.stage, len(order)) <= rank:
            anchor = i
    return anchor
