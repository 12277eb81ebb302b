"""FORMAT.md v1 as pydantic models.

The models are strict (YAML already gave every value its type, so "3" is not silently an
int) and closed (`extra="forbid"`: a misspelt key is an error, not ignored). Fields carry
descriptions because they become the JSON Schema that editors show on hover.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

from .stages import STAGE_MODELS, Phase, stage_title

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=128)]
Text = Annotated[str, StringConstraints(min_length=1)]
Score = Annotated[int, Field(ge=1, le=5)]

JourneyType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
Role = Literal[
    "economic-buyer",
    "technical-evaluator",
    "end-user",
    "implementer",
    "executive-sponsor",
    "influencer",
    "champion",
    "procurement",
]
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
StageModelName = Literal["linear-5", "b2b-5", "b2b-7", "buying-jobs"]
SeverityName = Literal["off", "info", "warning", "error"]

# Channels are checked against the built-in list plus `cjm.yaml` `channels`, so the schema
# offers the built-ins for completion but accepts any slug.
Channel = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(json_schema_extra={"anyOf": [{"enum": list(CHANNELS)}, {"type": "string", "pattern": SLUG_PATTERN}]}),
]


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
    role: Role | None = Field(None, description="The persona's role in the buying committee.")
    goals: list[Text] = Field(default_factory=list)
    pain_points: list[Text] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list, description="Channels this persona prefers.")
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
    target_emotion: Score | None = Field(None, description="The emotion it should evoke, 1..5.")
    feeling: Text | None = Field(None, description="A word for the emotion.")
    pain_points: list[Text] = Field(default_factory=list)
    opportunities: list[Text] = Field(default_factory=list)
    metrics: dict[str, float] = Field(default_factory=dict, description="Measured figures: free keys, numeric values.")
    targets: dict[str, float] = Field(default_factory=dict, description="Goals for the same metric keys.")
    backstage: list[Text] = Field(
        default_factory=list, description="Service-blueprint lane: what happens behind the scenes."
    )
    next: list[Slug] = Field(default_factory=list, description="Touchpoint ids that can follow.")
    description: Text | None = None


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
    stages: StagesField = Field(description="A built-in stage model name, or an explicit ordered list.")
    personas: list[PersonaEntry] = Field(
        min_length=1, description="Inline personas and/or ids from persona library files."
    )
    touchpoints: list[Touchpoint] = Field(min_length=1)
    actions: list[Action] = Field(default_factory=list)

    @property
    def stage_list(self) -> list[Stage]:
        if isinstance(self.stages, str):
            return [Stage(id=sid, name=stage_title(sid), phase=phase) for sid, phase in STAGE_MODELS[self.stages]]
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


class Config(_Model):
    """`cjm.yaml` at the workspace root."""

    cjm: Literal[1]
    journeys: list[Text] | None = Field(None, description="Globs of journey files; default: every *.yaml/*.yml.")
    personas: list[Text] | None = Field(None, description="Globs of persona library files.")
    channels: list[Slug] = Field(default_factory=list, description="Extra channel names allowed in this workspace.")
    lint: LintSettings = Field(default_factory=LintSettings)
    max_file_mb: float = Field(10, gt=0, description="Files larger than this are refused.")


DEFAULT_CONFIG = Config(cjm=1)
