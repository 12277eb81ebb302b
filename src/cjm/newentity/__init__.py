"""`cjm new`: add a well-formed touchpoint, persona or action to a file, or write a new journey.

Why the entity is spliced into the text instead of dumped with the whole round-trip
document: ruamel's round trip is exact only for files already in cjm's canonical layout.
On ordinary hand-written YAML it re-indents flush sequences (`- id:` at column 0), turns
CRLF into LF, drops a `---` line and a BOM, respaces `[a,b]` and `key:   value`, and it
refuses a tab before a comment that libyaml accepts. A user who adds one touchpoint must
get a diff of added lines only. So the file is parsed with the safe reader (positions for
every node), the entity alone is rendered by the round-trip dumper (which knows when a
name needs quotes), re-indented like the list it joins, and inserted between existing
lines. The result is re-parsed and must equal the old data plus the new entity at the
intended index, and still pass the format checks, before anything is written.
"""

from __future__ import annotations

from .entries import action_entry, persona_entry, persona_reference, touchpoint_anchor, touchpoint_entry
from .journey import NewJourney, plan_journey, stage_models_for, write_journey
from .placeholders import TODO_OWNER, edit_notes, failing_rules, fill_entry
from .splice import Edit, add_entry, write_edit
from .target import (
    JOURNEY_TYPES,
    PRIORITIES,
    ROLES,
    STATUSES,
    TargetFile,
    channels_allowed,
    check_channel,
    check_choice,
    check_date,
    check_owner,
    check_personas,
    check_score,
    check_slug,
    check_stage,
    check_text,
    check_touchpoints,
    did_you_mean,
    journey_of,
    open_target,
    roles_allowed,
    stage_ids,
    unique_id,
)

__all__ = [
    "JOURNEY_TYPES",
    "PRIORITIES",
    "ROLES",
    "STATUSES",
    "TODO_OWNER",
    "Edit",
    "NewJourney",
    "TargetFile",
    "action_entry",
    "add_entry",
    "channels_allowed",
    "check_channel",
    "check_choice",
    "check_date",
    "check_owner",
    "check_personas",
    "check_score",
    "check_slug",
    "check_stage",
    "check_text",
    "check_touchpoints",
    "did_you_mean",
    "edit_notes",
    "failing_rules",
    "fill_entry",
    "journey_of",
    "open_target",
    "persona_entry",
    "persona_reference",
    "plan_journey",
    "roles_allowed",
    "stage_ids",
    "stage_models_for",
    "touchpoint_anchor",
    "touchpoint_entry",
    "unique_id",
    "write_edit",
    "write_journey",
]
