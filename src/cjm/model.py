"""FORMAT.md v1 as pydantic models.

The models are strict (YAML already gave every value its type, so "3" is not silently an
int) and closed (`extra="forbid"`: a misspelt key is an error, not ignored). Fields carry
descriptions because they become the JSON Schema that editors show on hover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, StringConstraints, Tag, model_validator

from .stages import STAGE_MODELS, Phase, stage_title

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=128)]
Text = Annotated[str, StringConstraints(min_length=1)]
Score = Annotated[int, Field(ge=1, le=5)]

JourneyType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
ROLES: tuple[str, ...] = (
    "economic-buyer",
    "technical-evaluator",
    "end-user",
    "implementer",
    "executive-sponsor",
    "influencer",
    "champion",
    "procurement",
)
CHANNELS: tuple[str, ...] = (
    "web",
    "email",
    "phone",
    "chat",
    "social",
    "search",
    "ads",
    "event",
    "in-person",
    "sales-call",
    "demo",
    "product",
    "support",
    "docs",
    "community",
    "partner",
    "peer-referral",
    "review-site",
    "other",
)
Priority = Literal["high", "medium", "low"]
Status = Literal["planned", "in-progress", "done", "dropped"]
SeverityName = Literal["off", "info", "warning", "error"]

# Channels are checked against the built-in list plus `cjm.yaml` `channels`, so the schema
# offers the built-ins for completion but accepts any slug.
Channel = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(json_schema_extra={"anyOf": [{"enum": list(CHANNELS)}, {"type": "string", "pattern": SLUG_PATTERN}]}),
]
# Roles and stage model names likewise: built-ins plus cjm.yaml `roles:` / `stage_models:`
# (checked by `references`), so one file validates on its own, whatever its workspace.
Role = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(json_schema_extra={"anyOf": [{"enum": list(ROLES)}, {"type": "string", "pattern": SLUG_PATTERN}]}),
]
StageModelName = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(json_schema_extra={"anyOf": [{"enum": list(STAGE_MODELS)}, {"type": "string", "pattern": SLUG_PATTERN}]}),
]
MetricUnit = Literal["percent", "days", "count", "score", "currency"]
Better = Literal["higher", "lower"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=False)


class Stage(_Model):
    """A stage of the journey, in order."""

    id: Slug = Field(description="Stage id, referenced by touchpoints' `stage`.")
    name: Text | None = Field(None, description="Display name; defaults to the id in words.")
    phase: Phase | None = Field(None, description="pre-purchase | purchase | post-purchase.")
    customer_goal: Text | None = Field(None, description="What the customer wants to achieve in this stage.")
    description: Text | None = None

    @property
    def title(self) -> str:
        return self.name or stage_title(self.id)


class Persona(_Model):
    """A stakeholder on the customer side."""

    id: Slug = Field(description="Persona id, unique in the workspace.")
    name: Text | None = Field(None, description="E.g. 'Maya, Head of Marketing'.")
    role: Role | None = Field(
        None, description="The persona's role in the buying committee: a built-in role or one of cjm.yaml `roles:`."
    )
    goals: list[Text] = Field(default_factory=list)
    pain_points: list[Text] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list, description="Channels this persona prefers.")
    stages: list[Slug] = Field(
        default_factory=list,
        description="Stage ids this persona is expected in; only these count for `persona-gap`. Empty: every stage.",
    )
    description: Text | None = None

    @property
    def title(self) -> str:
        return self.name or stage_title(self.id)


def _persona_kind(value: Any) -> str:
    return "Ref" if isinstance(value, str) else "Inline"


PersonaEntry = Annotated[
    Annotated[Slug, Tag("Ref")] | Annotated[Persona, Tag("Inline")],
    Discriminator(_persona_kind),
]


def _stages_kind(value: Any) -> str:
    return "Model" if isinstance(value, str) else "List"


StagesField = Annotated[
    Annotated[StageModelName, Tag("Model")] | Annotated[list[Stage], Tag("List"), Field(min_length=1)],
    Discriminator(_stages_kind),
]


# `measured:` blocks are machine-written by `cjm measure --write` (MEASURE.md section 5): a
# figure is a number, or the string "<N>" when it came from fewer than `min_group` accounts.
Withheld = Annotated[str, StringConstraints(pattern=r"^<[0-9]+$")]
Count = Annotated[int, Field(ge=0)] | Withheld
Share = Annotated[float, Field(ge=0, le=1)] | Withheld
Days = Annotated[float, Field(ge=0)] | Withheld
Figure = float | Withheld
# A date range, inclusive at both ends; either end may be open. A free-key map (not a model)
# because `from` is a Python keyword, and fmt keeps a free map's key order as written.
Window = Annotated[
    dict[Literal["from", "to"], dt.date],
    Field(description="`{from: YYYY-MM-DD, to: YYYY-MM-DD}`, both ends inclusive, in UTC."),
]
BreadthBucket = Literal["1", "2", "3+"]
ActivityPattern = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class MeasuredStage(_Model):
    """Figures of one stage (MEASURE.md section 3)."""

    accounts: Count | None = Field(None, description="Stage reach: accounts with an event in the stage.")
    conversion: Share | None = Field(None, description="Accounts that reached the next stage after this one.")
    drop_off: Share | None = Field(None, description="1 - accounts that reached any later stage / reach.")
    median_days: Days | None = Field(None, description="Days in stage, median, of accounts that moved on.")
    p90_days: Days | None = Field(None, description="Days in stage, 90th percentile (linear interpolation).")
    breadth: dict[BreadthBucket, Count] = Field(
        default_factory=dict, description="Accounts that reached the stage, by committee roles engaged (1, 2, 3+)."
    )
    conversion_by_breadth: dict[BreadthBucket, Share] = Field(
        default_factory=dict, description="Stage conversion of those accounts, by roles engaged (1, 2, 3+)."
    )


class MeasuredJourney(_Model):
    """Machine-written by `cjm measure --write`; never edited by hand."""

    as_of: dt.date = Field(description="The last day the figures cover.")
    window: Window | None = None
    events: Count | None = Field(None, description="Mapped events in the window.")
    accounts: Count | None = Field(None, description="Accounts with at least one mapped event.")
    unmapped_events: Count | None = Field(None, description="Events in the window no touchpoint matches.")
    conformance: Share | None = Field(None, description="Share of observed transitions that are `next` edges.")
    stages: dict[Slug, MeasuredStage] = Field(default_factory=dict)


class MeasuredTouchpoint(_Model):
    """Machine-written by `cjm measure --write`; never edited by hand."""

    accounts: Count | None = None
    contacts: Count | None = None
    share: Share | None = Field(None, description="Its accounts / the journey's accounts.")
    visits: Count | None = Field(None, description="Runs of consecutive events on this touchpoint.")
    next: dict[Slug, Share] = Field(default_factory=dict, description="Share of its outgoing transitions.")
    next_accounts: dict[Slug, Count] = Field(
        default_factory=dict, description="Accounts that went on directly to each touchpoint (the flow's widths)."
    )
    median_days_to_next: Days | None = None
    responses: Count | None = Field(None, description="Survey answers in the window.")
    response_rate: Share | None = None
    csat: Figure | None = Field(None, description="Mean CSAT, 1..5.")
    nps: Figure | None = Field(None, description="% promoters - % detractors, -100..100.")
    ces: Figure | None = Field(None, description="Mean CES, 1..7 (7 = very easy).")
    emotion: Figure | None = Field(None, description="Survey evidence on the map's 1..5 emotion scale.")


EvidenceKind = Literal["interview", "survey", "tickets", "analytics", "recording", "other"]
# An evidence link opens in a browser, so only web addresses: not `javascript:` or `file:`.
WebUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]


class Quote(_Model):
    """The customer's own words, curated from research."""

    text: Text = Field(description="The words as the customer said or wrote them.")
    persona: Slug | None = Field(None, description="A persona id of this journey: who said it.")
    source: Text | None = Field(None, description="Where it was said, e.g. 'Interview 2026-09-14'.")


class EvidenceItem(_Model):
    """Where a claim on a touchpoint comes from: a web address or a file of the workspace."""

    # The schema says "exactly one of url and path" too, so editors flag it as cjm does.
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["url"]}, {"required": ["path"]}]})

    title: Text = Field(description="What the evidence is, e.g. 'Q3 support tickets tagged no-show'.")
    url: WebUrl | None = Field(None, description="An http(s) address.")
    path: Text | None = Field(None, description="A file relative to the workspace root; it must exist.")
    kind: EvidenceKind | None = Field(None, description="interview | survey | tickets | analytics | recording | other.")

    @model_validator(mode="after")
    def _one_place(self) -> EvidenceItem:
        if (self.url is None) == (self.path is None):
            raise ValueError("needs exactly one of `url` (an http(s) address) and `path` (a file of the workspace)")
        return self


class Touchpoint(_Model):
    """A moment where the customer meets the company."""

    id: Slug
    stage: Slug = Field(description="A stage id of this journey.")
    name: Text
    channel: Channel | None = None
    personas: list[Slug] = Field(default_factory=list, description="Persona ids who experience it.")
    owner: Slug | None = Field(None, description="The department that owns it.")
    customer_action: Text | None = Field(None, description="What the customer does, from their side.")
    emotion: Score | None = Field(None, description="Current experience, 1 (very negative) .. 5 (very positive).")
    emotions: dict[Slug, Score] = Field(
        default_factory=dict, description="The current experience per persona id of this journey, 1..5."
    )
    target_emotion: Score | None = Field(None, description="The emotion it should evoke, 1..5.")
    feeling: Text | None = Field(None, description="A word for the emotion.")
    pain_points: list[Text] = Field(default_factory=list)
    opportunities: list[Text] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list, description="The customer's own words, from research.")
    evidence: list[EvidenceItem] = Field(
        default_factory=list, description="Where the claims on this touchpoint come from."
    )
    metrics: dict[str, float] = Field(default_factory=dict, description="Measured figures: free keys, numeric values.")
    targets: dict[str, float] = Field(default_factory=dict, description="Goals for the same metric keys.")
    backstage: list[Text] = Field(
        default_factory=list, description="Service-blueprint lane: what happens behind the scenes."
    )
    next: list[Slug] = Field(default_factory=list, description="Touchpoint ids that can follow.")
    description: Text | None = None
    events: list[ActivityPattern] = Field(
        default_factory=list, description="Activity names in the event data (`*` and `?` are wildcards)."
    )
    measured: MeasuredTouchpoint | None = Field(None, description="Written by `cjm measure --write`.")


class Action(_Model):
    """An item of the action plan the map leads to."""

    id: Slug
    title: Text | None = None
    addresses: list[Slug] = Field(default_factory=list, description="Touchpoint ids this action improves.")
    owner: Slug | None = None
    priority: Priority | None = None
    impact: Score | None = Field(None, description="Value to the customer and the business, 1..5.")
    effort: Score | None = Field(None, description="Cost to deliver, 1..5.")
    metric: Text | None = Field(None, description="How success is measured.")
    due: dt.date | None = Field(None, description="ISO date.")
    status: Status | None = None
    description: Text | None = None


class Journey(_Model):
    """A customer journey map (FORMAT.md v1)."""

    cjm: Literal[1] = Field(description="Format version.")
    id: Slug
    title: Text
    type: JourneyType | None = None
    objective: Text | None = Field(None, description="Why this map exists.")
    scope: Text | None = Field(None, description="Segment and boundaries.")
    owner: Slug | None = None
    reviewed: dt.date | None = Field(None, description="ISO date of the last review.")
    parent: Slug | None = Field(None, description="Id of a broader journey this one zooms into.")
    metrics: dict[str, float] = Field(
        default_factory=dict, description="Journey-level KPIs (NPS, renewal rate, cycle time): free keys, numbers."
    )
    targets: dict[str, float] = Field(default_factory=dict, description="Goals for the same KPI keys.")
    stages: StagesField = Field(
        description="A built-in stage model name, a name from cjm.yaml `stage_models:`, or an explicit ordered list."
    )
    personas: list[PersonaEntry] = Field(
        min_length=1, description="Inline personas and/or ids from persona library files."
    )
    touchpoints: list[Touchpoint] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)
    measured: MeasuredJourney | None = Field(None, description="Written by `cjm measure --write`.")

    # A shared stage model's stages live in cjm.yaml, which this file cannot see: the
    # workspace binds them after loading (`Workspace.bind`).
    _shared_stages: list[Stage] | None = PrivateAttr(None)

    def bind_stage_models(self, shared: Mapping[str, list[Stage]]) -> None:
        """Look up `stages: NAME` in the workspace's `stage_models:` (built-ins need nothing)."""
        if isinstance(self.stages, str) and self.stages not in STAGE_MODELS:
            found = shared.get(self.stages)
            self._shared_stages = list(found) if found is not None else None

    @property
    def stages_known(self) -> bool:
        """False for `stages: NAME` that is neither built in nor bound to a shared model."""
        return not isinstance(self.stages, str) or self.stages in STAGE_MODELS or self._shared_stages is not None

    @property
    def stage_list(self) -> list[Stage]:
        """The stages in order; [] for a model name that is neither built in nor bound."""
        if isinstance(self.stages, str):
            if self.stages in STAGE_MODELS:
                return [Stage(id=sid, name=stage_title(sid), phase=phase) for sid, phase in STAGE_MODELS[self.stages]]
            return list(self._shared_stages or [])
        return list(self.stages)

    @property
    def persona_ids(self) -> list[str]:
        return [p if isinstance(p, str) else p.id for p in self.personas]


class PersonaLibrary(_Model):
    """A file of personas shared by the journeys of a workspace."""

    cjm: Literal[1]
    personas: list[Persona] = Field(min_length=1)


class RuleSetting(BaseModel):
    """A rule's severity plus its options (options are checked by the rule itself)."""

    model_config = ConfigDict(extra="allow", strict=True)
    severity: SeverityName | None = None


class Override(_Model):
    """Turn rules off for files matching a glob (e.g. generated files)."""

    files: list[Text] = Field(min_length=1, description="Globs relative to the workspace root.")
    disable: list[Slug] = Field(min_length=1, description="Rule ids to turn off for those files.")


class LintSettings(_Model):
    rules: dict[str, SeverityName | RuleSetting] = Field(default_factory=dict)
    overrides: list[Override] = Field(default_factory=list)


EventColumn = Literal["account", "activity", "timestamp", "contact", "role", "channel", "event_id", "segment"]
SurveyColumn = Literal["account", "contact", "touchpoint", "journey", "scale", "score", "timestamp", "comment"]


class EventData(_Model):
    """Where the event log is and which of its columns are which."""

    path: Text = Field(
        description="CSV, Parquet or JSON-lines files (globs), relative to the workspace root, or duckdb:FILE.db:TABLE."
    )
    preset: Literal["xes"] | None = Field(None, description="Column names as an XES log flattened to CSV has them.")
    columns: dict[EventColumn, Text] = Field(default_factory=dict, description="Canonical name -> column in the data.")
    roles: dict[str, Slug] = Field(default_factory=dict, description="Role value in the data -> persona id.")


class SurveyData(_Model):
    """Survey answers: one row per answer (csat 1..5, nps 0..10, ces 1..7)."""

    path: Text
    columns: dict[SurveyColumn, Text] = Field(default_factory=dict, description="Canonical name -> column in the data.")


class DataSettings(_Model):
    """`data:` in cjm.yaml: the evidence `cjm measure` joins to the maps (MEASURE.md)."""

    events: EventData | None = None
    surveys: SurveyData | None = None
    window: Window | None = None
    min_group: int = Field(5, ge=1, description='Figures from fewer accounts are withheld (written as "<5").')
    engine: Literal["duckdb", "spark"] = Field("duckdb", description="Where `cjm measure` runs its queries.")
    spark_remote: Text | None = Field(
        None, description="Spark Connect URL (sc://HOST:PORT) for engine: spark; default: a local Spark."
    )


class MetricDefinition(_Model):
    """How to show and judge one metric key (journey and touchpoint `metrics:`/`targets:`)."""

    unit: MetricUnit | None = Field(
        None, description="percent (written as a share: 0.04 shows as 4%) | days | count | score | currency."
    )
    better: Better | None = Field(None, description="higher | lower: which way is better, for `metric-below-target`.")


SharedStageModel = Annotated[list[Stage], Field(min_length=1)]


class Config(_Model):
    """`cjm.yaml` at the workspace root."""

    cjm: Literal[1]
    journeys: list[Text] | None = Field(None, description="Globs of journey files; default: every *.yaml/*.yml.")
    personas: list[Text] | None = Field(None, description="Globs of persona library files.")
    channels: list[Slug] = Field(default_factory=list, description="Extra channel names allowed in this workspace.")
    stage_models: dict[Slug, SharedStageModel] = Field(
        default_factory=dict, description="Shared stage lists: a journey uses one as `stages: NAME`."
    )
    roles: list[Slug] = Field(default_factory=list, description="Extra persona roles allowed in this workspace.")
    owners: list[Slug] | None = Field(
        None, min_length=1, description="When present, every `owner` (journey, touchpoint, action) is one of these."
    )
    metrics: dict[str, MetricDefinition] = Field(
        default_factory=dict, description="The metric catalogue: unit and better direction per metric key."
    )
    lint: LintSettings = Field(default_factory=LintSettings)
    max_file_mb: float = Field(10, gt=0, description="Files larger than this are refused.")
    data: DataSettings | None = Field(None, description="Event and survey data for `cjm measure` (MEASURE.md).")


DEFAULT_CONFIG = Config(cjm=1)
