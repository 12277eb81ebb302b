"""The metric catalogue decides how a value reads and which way is better, for every view."""

from __future__ import annotations

import pytest

from cjm.metric_catalogue import format_metric, kpi_status, lower_is_better, lower_is_better_patterns
from cjm.model import Config, MetricDefinition
from cjm.rules.metric_below_target import LOWER_IS_BETTER

CATALOGUE = {
    "renewal_rate": MetricDefinition(unit="percent", better="higher"),
    "sales_cycle_days": MetricDefinition(unit="days", better="lower"),
    "open_tickets": MetricDefinition(unit="count"),
    "nps": MetricDefinition(unit="score"),
    "deal_size": MetricDefinition(unit="currency"),
    "error_budget_left": MetricDefinition(better="higher"),
}


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("renewal_rate", 0.04, "4%"),
        ("renewal_rate", 0.875, "87.5%"),
        ("renewal_rate", 1.12, "112%"),  # net revenue retention may exceed 100%
        ("sales_cycle_days", 74, "74 days"),
        ("sales_cycle_days", 1, "1 day"),
        ("sales_cycle_days", 2.5, "2.5 days"),
        ("open_tickets", 1250, "1,250"),
        ("nps", -12, "-12"),
        ("deal_size", 48000, "48,000"),
        ("deal_size", 1250.5, "1,250.5"),
        ("not_in_catalogue", 0.031, "0.031"),  # as the report always showed it
    ],
)
def test_values_read_in_their_unit(key: str, value: float, shown: str) -> None:
    assert format_metric(key, value, CATALOGUE) == shown


def test_better_comes_from_the_catalogue_first_and_the_globs_otherwise() -> None:
    globs = ["*_days", "*error*"]
    assert lower_is_better("sales_cycle_days", CATALOGUE, globs) is True
    assert lower_is_better("error_budget_left", CATALOGUE, globs) is False  # the glob would say lower
    assert lower_is_better("nps", CATALOGUE, globs) is False  # a unit but no `better`: the globs decide
    assert lower_is_better("time_to_value_days", CATALOGUE, globs) is True
    assert lower_is_better("time_to_value_days", None, []) is False


def test_the_globs_are_the_workspaces_metric_below_target_setting_else_the_rules_own():
    assert lower_is_better_patterns(Config(cjm=1)) == tuple(LOWER_IS_BETTER)
    configured = Config.model_validate(
        {"cjm": 1, "lint": {"rules": {"metric-below-target": {"lower_is_better": ["*_minutes"]}}}}
    )
    assert lower_is_better_patterns(configured) == ("*_minutes",)


@pytest.mark.parametrize(
    ("value", "target", "lower", "status"),
    [
        (31, 45, False, "missed"),
        (45, 45, False, "met"),  # reaching the target is meeting it
        (74, 45, True, "missed"),
        (40, 45, True, "met"),
        (31, None, False, "no-target"),
        (None, 45, False, "not-measured"),
    ],
)
def test_a_kpi_is_met_when_it_reaches_its_target_the_better_way(value, target, lower, status):
    assert kpi_status(value, target, lower) == status
