"""What `cjm new` fills in so that its result passes the workspace's own `cjm validate`.

A workspace may make lint rules errors (`cjm init` makes `missing-owner` one), and its
pre-commit hook runs `cjm validate`: an entity that leaves out a field such a rule asks for
would block the user's next commit. So for every rule that is an *error* for the target file
(cjm.yaml `lint.rules` and `lint.overrides`), a field the user did not give is filled with a
placeholder that says TODO (or, where the format only takes a fixed word, the neutral one:
channel `other`), and the command names them. Rules at warning or info fail nothing
(`--strict` aside) and get nothing: an entity has only the fields given, as before.

A few rules cannot be satisfied by adding lines alone: a new persona is not yet in any
touchpoint (`persona-gap`), and a new touchpoint in a journey that uses `next` edges needs an
edge from an existing touchpoint (`unreachable`). `remaining_errors` finds those, so the
command can say what is left to do instead of leaving it to the next commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..discovery import CONFIG_NAME, relative_posix
from ..errors import UserError
from ..findings import Finding, Severity
from ..hints import quote_list
from ..workspace import SourceFile, Workspace

if TYPE_CHECKING:
    from .splice import Edit
    from .target import TargetFile

TODO_OWNER = "todo"
TODO_CHANNEL = "other"
TODO_CUSTOMER_ACTION = "TODO: what the customer does here, from their side"
TODO_OBJECTIVE = "TODO: the decision or improvement this map serves"
TODO_PAIN_POINT = "TODO: what makes this moment hurt"
TODO_OPPORTUNITY = "TODO: what could be done about it"
TODO_QUOTE = "TODO: the customer's own words, from research"
TODO_METRIC = "TODO: how success is measured"
# An action's default due date, as `cjm init`'s starter action has it: a quarter from today.
DUE_IN_DAYS = 90


def failing_rules(ws: Workspace | None, path: Any) -> dict[str, Any]:
    """Rule id -> its options, for the rules that are errors for the file at `path`."""
    if ws is None:  # no workspace: every rule has its default severity, and none is an error
        return {}
    from ..linter import resolve_plan

    plan = resolve_plan(ws)
    return {
        c.rule.ID: c.options for c in plan.enabled_for(relative_posix(path, ws.root)) if c.severity == Severity.ERROR
    }


def in_model_order(entry: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """FORMAT.md key order (the model's field order), the order `cjm fmt` writes."""
    rank = {name: i for i, name in enumerate(model.model_fields)}
    return dict(sorted(entry.items(), key=lambda item: rank.get(item[0], len(rank))))


Filled = list[tuple[str, str]]
"""(key, rule) for each placeholder written: the key filled and the rule that asked for it."""


def fill_touchpoint(entry: dict[str, Any], failing: Mapping[str, Any]) -> Filled:
    """Fill the fields the failing rules ask of one touchpoint."""
    from ..model import Touchpoint

    wanted: list[tuple[str, str, Any]] = [
        ("missing-channel", "channel", TODO_CHANNEL),
        ("missing-owner", "owner", TODO_OWNER),
        ("customer-voice", "customer_action", TODO_CUSTOMER_ACTION),
    ]
    low = failing.get("unexplained-low")
    emotion = entry.get("emotion")
    if low is not None and emotion is not None and emotion <= low.max_emotion:
        wanted.append(("unexplained-low", "pain_points", [TODO_PAIN_POINT]))
    filled = _fill(entry, failing, wanted)
    if entry.get("pain_points") and "unaddressed-pain" in failing:
        filled += _fill(entry, failing, [("unaddressed-pain", "opportunities", [TODO_OPPORTUNITY])])
    backing = failing.get("unbacked-claim")
    if backing is not None and not entry.get("evidence") and _claims(entry, backing.max_emotion):
        filled += _fill(entry, failing, [("unbacked-claim", "quotes", [{"text": TODO_QUOTE}])])
    _reorder(entry, Touchpoint)
    return filled


def _claims(entry: Mapping[str, Any], max_emotion: int) -> bool:
    """What `unbacked-claim` asks backing for: a low emotion (overall or a persona's) or a pain point."""
    scores = [entry.get("emotion"), *(entry.get("emotions") or {}).values()]
    return bool(entry.get("pain_points")) or any(s is not None and s <= max_emotion for s in scores)


def fill_action(entry: dict[str, Any], failing: Mapping[str, Any], today: dt.date) -> Filled:
    """Owner, metric and due date for `action-incomplete`."""
    from ..model import Action

    if entry.get("status") == "dropped":  # the rule skips dropped actions
        return []
    due = today + dt.timedelta(days=DUE_IN_DAYS)
    wanted = [
        ("action-incomplete", key, value)
        for key, value in (("owner", TODO_OWNER), ("metric", TODO_METRIC), ("due", due))
    ]
    filled = _fill(entry, failing, wanted)
    _reorder(entry, Action)
    return filled


def _reorder(entry: dict[str, Any], model: type[BaseModel]) -> None:
    ordered = in_model_order(entry, model)
    entry.clear()
    entry.update(ordered)


def _fill(entry: dict[str, Any], failing: Mapping[str, Any], wanted: Iterable[tuple[str, str, Any]]) -> Filled:
    filled = []
    for rule, key, value in wanted:
        if rule in failing and entry.get(key) in (None, []):
            entry[key] = value
            filled.append((key, rule))
    return filled


def placeholder_note(display: str, line: int, filled: Filled) -> str | None:
    """The line that tells the user what to fill in, or None when nothing was filled."""
    keys = list(dict.fromkeys(key for key, _ in filled))
    if not keys:
        return None
    shown = ", ".join(f"{key} {_PLACEHOLDER_SHOWN.get(key, '')}".rstrip() for key in keys)
    asked = sorted({rule for _, rule in filled})
    rules = ", ".join(asked)
    verb = "makes this rule an error" if len(asked) == 1 else "makes these rules errors"
    return f"{display}:{line}: replace the placeholders ({shown}): this workspace {verb}: {rules}"


_PLACEHOLDER_SHOWN = {
    "owner": f"'{TODO_OWNER}'",
    "channel": f"'{TODO_CHANNEL}'",
    "reviewed": "(today)",
    "due": f"(in {DUE_IN_DAYS} days)",
    **{
        key: "'TODO: ...'"
        for key in ("objective", "customer_action", "pain_points", "opportunities", "quotes", "metric")
    },
}


def remaining_errors(ws: Workspace | None, source: SourceFile, before: SourceFile | None) -> list[Finding]:
    """Lint errors of the result that the file did not have before the change."""
    if ws is None or source.journey is None:
        return []
    from .. import clock
    from ..linter import library_personas, lint_source, resolve_plan
    from ..rules.base import RuleContext

    plan = resolve_plan(ws)
    rules = plan.enabled_for(relative_posix(source.path, ws.root))
    ctx = RuleContext(today=clock.today(), library=library_personas(ws), metrics=ws.config.metrics)
    for probe in (source, before):  # parsed on their own: give them cjm.yaml's stage models
        if probe is not None and probe.journey is not None:
            probe.journey.bind_stage_models(ws.config.stage_models)
    after = [f for f in lint_source(source, source.journey, rules, ctx) if f.severity == Severity.ERROR]
    if before is None or before.journey is None:
        return after
    had = {(f.code, f.message) for f in lint_source(before, before.journey, rules, ctx)}
    return [f for f in after if (f.code, f.message) not in had]


def require_owner(ws: Workspace | None, failing: Mapping[str, Any], rule: str, owner: str | None) -> None:
    """A workspace that lists its owners has no valid placeholder owner: `owner: todo` would be
    an unknown-owner error, so when `rule` asks for an owner, `--owner` must be given."""
    owners = ws.config.owners if ws is not None else None
    if owners is not None and rule in failing and owner is None:
        raise UserError(
            f"pass --owner: this workspace makes {rule} an error and lists its owners in {CONFIG_NAME} "
            f"(`owners:` {quote_list(owners)}), so there is no placeholder to write"
        )


def fill_entry(tf: TargetFile, key: str, entry: dict[str, Any]) -> Filled:
    """Fill what the target file's failing rules ask of a new `touchpoints` or `actions` item."""
    from .. import clock

    failing = failing_rules(tf.workspace, tf.source.path)
    if key in ("touchpoints", "actions"):
        rule = "missing-owner" if key == "touchpoints" else "action-incomplete"
        if not (key == "actions" and entry.get("status") == "dropped"):
            require_owner(tf.workspace, failing, rule, entry.get("owner"))
    if key == "touchpoints":
        return fill_touchpoint(entry, failing)
    if key == "actions":
        return fill_action(entry, failing, clock.today())
    return []


def edit_notes(tf: TargetFile, edit: Edit, filled: Filled) -> list[str]:
    """What the user still has to do after `edit`: placeholders to fill, errors left."""
    from ..workspace import parse_source

    notes = []
    note = placeholder_note(edit.display, edit.line, filled)
    if note:
        notes.append(note)
    after = parse_source(edit.after, SourceFile(path=tf.source.path, display=tf.display), tf.source.kind)
    for f in remaining_errors(tf.workspace, after, tf.source):
        notes.append(f"note: {f.file}:{f.line}:{f.column}: {f.code} (an error in this workspace): {f.message}")
    return notes
