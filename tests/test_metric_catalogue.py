"""The metric catalogue decides how a value reads and which way is better, for every view."""

from __future__ import annotations

import pytest

from cjm.metric_catalogue import format_metric, lower_is_better
from cjm.model import MetricDefinition

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
