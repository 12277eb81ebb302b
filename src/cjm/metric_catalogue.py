"""The metric catalogue (cjm.yaml `metrics:`): how a metric's value reads, and which way is better.

Maps keep metric values as plain numbers (a share is 0.04, not "4%"), so that targets,
diffs and exports compare numbers; the catalogue says how people read them. One place
decides both, so the report, stats and `metric-below-target` never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase

from .model import Config, MetricDefinition

Catalogue = Mapping[str, MetricDefinition]


def _number(value: float, decimals: int = 4) -> str:
    """148, 0.031, 1,250, 4.6 (never 148.0 or 1e-05)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{value:.2g}"


def format_metric(key: str, value: float, catalogue: Catalogue | None = None) -> str:
    """`renewal_rate` 0.87 -> "87%", `sales_cycle_days` 74 -> "74 days"; a key the catalogue
    does not describe reads as the plain number."""
    unit = catalogue[key].unit if catalogue and key in catalogue else None
    if unit == "percent":
        # 0.875 -> 87.5%: two decimals of the share are whole percent points, keep one more.
        return f"{_number(round(value * 100, 2), 2)}%"
    if unit == "days":
        return f"{_number(value, 1)} day" + ("" if value == 1 else "s")
    if unit == "currency":
        return _number(round(value, 2), 2)
    if unit == "count":
        return _number(value, 1)
    return _number(value)


def lower_is_better(key: str, catalogue: Catalogue | None, patterns: Sequence[str]) -> bool:
    """The catalogue's `better` for this key when it says; else the `lower_is_better` globs."""
    if catalogue and key in catalogue and catalogue[key].better is not None:
        return catalogue[key].better == "lower"
    return any(fnmatchcase(key, pattern) for pattern in patterns)


def from_catalogue(key: str, catalogue: Catalogue | None) -> bool:
    """Whether `better` for this key comes from the catalogue (messages say where it came from)."""
    return bool(catalogue and key in catalogue and catalogue[key].better is not None)


def default_lower_is_better() -> tuple[str, ...]:
    """The rule's own `lower_is_better` globs: the lint rule owns the list, so the report,
    stats and `cjm validate` agree on what "worse" means."""
    from .rules.metric_below_target import LOWER_IS_BETTER  # the rule imports this module: not at the top

    return tuple(LOWER_IS_BETTER)


def lower_is_better_patterns(config: Config) -> tuple[str, ...]:
    """The `lower_is_better` globs of `metric-below-target` in this workspace: its setting, else the rule's own."""
    setting = config.lint.rules.get("metric-below-target")
    value = (getattr(setting, "model_extra", None) or {}).get("lower_is_better")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return default_lower_is_better()


def kpi_status(value: float | None, target: float | None, lower: bool) -> str:
    """met | missed | no-target | not-measured: a KPI against its target, the same way everywhere."""
    if value is None:
        return "not-measured"
    if target is None:
        return "no-target"
    return "met" if (value <= target if lower else value >= target) else "missed"
