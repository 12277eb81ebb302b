"""What rules and the linter share: `Hit`, `RuleContext`, options, and the rule protocol.

A rule is a module with `ID`, `DEFAULT_SEVERITY`, `RATIONALE`, a docstring (its user
documentation), an optional pydantic `Options` model and `check(journey, options, ctx)`,
a generator of `Hit`s. A hit names a model path and says what to do; the linter turns
the path into a line and column and stamps the rule id and the configured severity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from ..findings import Severity
from ..model import Journey, MetricDefinition, Persona

PathT = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a rule found: where in the model (`path`) and what to do about it.

    `at_key` points at the key instead of its value (`stages:` rather than `b2b-7`).
    A path to a key that is missing points at the item that should hold it.
    """

    path: PathT
    message: str
    at_key: bool = False


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know beyond the journey: the date, the workspace's persona library,
    its metric catalogue (cjm.yaml `metrics:`), and, for rules about how the YAML is written,
    the file's text and its data as read (`PosDict`/`PosList`, which know where each value
    starts)."""

    today: dt.date
    library: Mapping[str, Persona] = field(default_factory=dict)
    metrics: Mapping[str, MetricDefinition] = field(default_factory=dict)
    text: str = ""
    data: Any = None

    def personas(self, journey: Journey) -> dict[str, Persona | None]:
        """Each persona id of the journey -> its definition (inline or library; None if unknown)."""
        out: dict[str, Persona | None] = {}
        for entry in journey.personas:
            if isinstance(entry, str):
                out.setdefault(entry, self.library.get(entry))
            else:
                out.setdefault(entry.id, entry)
        return out


class RuleOptions(BaseModel):
    """Base of every rule's `Options`: closed, so a misspelt option is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class NoOptions(RuleOptions):
    """The options of a rule that has none."""


class RuleModule(Protocol):
    ID: str
    DEFAULT_SEVERITY: Severity
    RATIONALE: str
    __doc__: str | None

    def check(self, journey: Journey, options: Any, ctx: RuleContext) -> Iterator[Hit]: ...


def options_model(rule: ModuleType | RuleModule) -> type[RuleOptions]:
    model = getattr(rule, "Options", NoOptions)
    if not (isinstance(model, type) and issubclass(model, RuleOptions)):
        raise TypeError(f"{rule.ID}.Options must subclass RuleOptions, so that unknown options are reported")
    return model


def summary(rule: ModuleType | RuleModule) -> str:
    """The first line of the rule's docstring: what it checks, in one sentence."""
    return (rule.__doc__ or "").strip().splitlines()[0]


def stage_path(journey: Journey, stage_id: str) -> tuple[PathT, bool]:
    """Where a stage is defined: its list entry, or the `stages` value naming a built-in model."""
    if isinstance(journey.stages, str):
        return ("stages",), False
    for i, stage in enumerate(journey.stages):
        if stage.id == stage_id:
            return ("stages", i), False
    return ("stages",), True
