"""The journey's own KPIs (`metrics:`/`targets:` on the journey) as tiles against targets.

Values read in the unit of cjm.yaml's metric catalogue (0.87 is "87%", 74 is "74 days"),
and whether lower is better comes from its `better`, else from the same name patterns as
the touchpoint metrics, so the tiles and the metrics table agree on "met".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..metric_catalogue import kpi_status
from .common import clean, format_number


@dataclass(frozen=True)
class KpiTile:
    key: str
    label: str
    value: str  # a dash when only a target is set
    target: str | None
    status: str  # met | missed | no-target | not-measured
    lower_is_better: bool

    @property
    def tone(self) -> str:
        return {"met": "good", "missed": "bad"}.get(self.status, "")

    @property
    def detail(self) -> str:
        if self.target is None:
            return "no target set"
        verdict = {"met": "met", "missed": "missed", "not-measured": "not measured"}[self.status]
        return f"target {self.target} · {verdict}"


def kpi_tiles(
    metrics: Mapping[str, float],
    targets: Mapping[str, float],
    lower: Callable[[str], bool],
    show: Callable[[str, float], str] = lambda _key, value: format_number(value),
) -> list[KpiTile]:
    """One tile per key of `metrics` or `targets`, in the order written (metrics first);
    `show(key, value)` writes a value in its unit."""
    tiles = []
    for key in dict.fromkeys([*metrics, *targets]):
        value, target = metrics.get(key), targets.get(key)
        down = lower(key)
        status = kpi_status(value, target, down)
        tiles.append(
            KpiTile(
                key=key,
                label=clean(key.replace("_", " ")).capitalize(),
                value=show(key, value) if value is not None else "–",
                target=show(key, target) if target is not None else None,
                status=status,
                lower_is_better=down,
            )
        )
    return tiles
