"""examples/invalid/rule-<id>.yaml: one realistic map per lint rule, each breaking only that rule.

Like the other files there, each lists its findings in `# expect: LINE:COL CODE` comments;
here they are checked with the lint rules on, on the day the files were written.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

import cjm
from cjm.findings import Finding
from cjm.rules import RULES

from ..conftest import EXAMPLES
from ..test_examples import expected_findings
from .rulecheck import TODAY

RULE_FILES = sorted((EXAMPLES / "invalid").glob("rule-*.yaml"))


def test_every_rule_has_an_invalid_example():
    assert [p.stem.removeprefix("rule-") for p in RULE_FILES] == sorted(RULES)


@functools.cache
def findings_of_the_folder() -> tuple[Finding, ...]:
    """What `cjm validate examples/invalid/` reports, so the files must not clash either."""
    return tuple(cjm.validate(cjm.load_workspace(EXAMPLES / "invalid"), lint=True, today=TODAY))


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_example_yields_exactly_its_expected_findings(path: Path):
    expected = expected_findings(path)
    assert [code for _, _, code in expected] == [path.stem.removeprefix("rule-")]
    alone = cjm.validate(cjm.load_workspace(path), lint=True, today=TODAY)
    together = [f for f in findings_of_the_folder() if f.file.endswith(f"/{path.name}")]
    assert sorted((f.line, f.column, f.code) for f in alone if f.file.endswith(path.name)) == expected
    assert sorted((f.line, f.column, f.code) for f in together) == expected
