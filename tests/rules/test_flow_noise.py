"""Linking a journey step by step must not flood it with flow findings (issue 15).

A CX lead wrote 20 touchpoints, then added the first `next:` edge; `dead-end` and
`unreachable` used to judge every touchpoint at once and warnings went from 0 to 40. Now
the rules judge a touchpoint once it takes part in the flow, and list the rest once.
"""

from __future__ import annotations

from .rulecheck import run_rule

STAGES = ["awareness", "consideration", "decision", "implementation", "growth"]


def journey(edges: dict[int, list[int]]) -> str:
    lines = ["touchpoints:"]
    for n in range(20):
        nxt = f", next: [{', '.join(f'tp-{t}' for t in edges[n])}]" if n in edges else ""
        lines.append(f"  - {{id: tp-{n}, stage: {STAGES[n // 4]}, name: Touchpoint {n}{nxt}}}")
    return "\n".join(lines) + "\n"


def flow_findings(text: str) -> list[tuple[str, int, str]]:
    out = [(rule, f.line, f.message) for rule in ("dead-end", "unreachable") for f in run_rule(rule, text)]
    return sorted(out, key=lambda x: x[1])


def test_a_journey_without_next_has_no_flow_findings():
    assert flow_findings(journey({})) == []


def test_the_first_edge_gives_two_findings_not_forty():
    assert flow_findings(journey({0: [1]})) == [
        (
            "dead-end",
            3,
            "touchpoint 'tp-1' has no `next` but is not in the last stage ('growth'); add `next:` with the "
            "touchpoints the customer goes on to",
        ),
        (
            "unreachable",
            4,
            "no `next` leads to or from these 18 touchpoints yet, so they take no part in the flow: "
            + ", ".join(f"'tp-{n}'" for n in range(2, 20))
            + "; add each to the `next` of the touchpoint the customer comes from, and give it a `next` of its "
            "own unless paths end there",
        ),
    ]


def test_each_new_edge_moves_the_work_along_and_a_linked_journey_is_clean():
    chain = {n: [n + 1] for n in range(19)}
    halfway = {n: [n + 1] for n in range(9)}
    assert [(rule, line) for rule, line, _ in flow_findings(journey(halfway))] == [
        ("dead-end", 11),  # tp-9, the end of the chain so far
        ("unreachable", 12),  # tp-10 .. tp-19, in one finding
    ]
    assert flow_findings(journey(chain)) == []
