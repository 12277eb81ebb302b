"""Every figure of MEASURE.md section 3, on small logs whose figures are worked out by hand.

The main log (FUNNEL, b2b-7 stages) has four accounts:

    A  a1 d0, a1 d1 (a repeat: one visit), a2 d2, c1 d4, d1 d10, o1 d12   every stage in order
    B  a1 d0, c1 d2, a1 d3 (back a stage), c1 d5                           loops, never decides
    C  a2 d1, d1 d7                                                         skips consideration
    D  a1 d0, then an unmapped event                                        drops off
    E  only an unmapped event                                               not in the journey

Each test runs on DuckDB and on Spark (local), which run the same SQL (`measure/sql.py`).
"""

from __future__ import annotations

import pytest

from cjm.measure.figures import Transition

from .conftest import FUNNEL, csv_text, day, only, stage, tp

HEADER = "account,activity,timestamp,contact,role"
LOG = csv_text(
    HEADER,
    [
        ("A", "web.blog_post", day(0), "a-cfo", "cfo"),
        ("A", "web.blog_post", day(1), "a-cfo", "cfo"),
        ("A", "webinar.attended", day(2), "a-it", "it"),
        ("A", "crm:demo", day(4), "a-user", "user"),
        ("A", "crm:won", day(10), "a-cfo", "cfo"),
        ("A", "product.kickoff", day(12), "a-it", "it"),
        ("B", "web.blog_home", day(0), "b-1", "economic-buyer"),
        ("B", "crm:demo", day(2), "b-2", "cfo"),
        ("B", "web.blog_post", day(3), "b-1", "economic-buyer"),
        ("B", "crm:demo", day(5), "b-2", "cfo"),
        ("C", "webinar.attended", day(1), "c-1", "VP Finance"),
        ("C", "crm:won", day(7), "c-2", "technical-evaluator"),
        ("D", "web.blog_post", day(0), "d-1", None),
        ("D", "other.thing", day(1), "d-1", None),
        ("E", "support.ticket", day(3), "e-1", None),
    ],
)


@pytest.fixture(params=["duckdb", "spark"])
def engine(request: pytest.FixtureRequest) -> str:
    """Every figure below is worked out by hand, and both engines must give exactly it."""
    return str(request.param)


@pytest.fixture
def funnel(workspace):
    ws = workspace(FUNNEL, LOG, data="")
    ws.file(
        "cjm.yaml", 'cjm: 1\ndata:\n  events:\n    path: events.csv\n    roles: {"VP Finance": cfo}\n  min_group: 1\n'
    )
    return only(ws.measure())


def test_journey_totals_count_mapped_events_accounts_and_blind_spots(funnel):
    assert (funnel.events, funnel.accounts, funnel.unmapped_events) == (13, 4, 2)
    assert funnel.unmapped == [("other.thing", 1), ("support.ticket", 1)]
    assert funnel.unmeasured == ["s1"]
    assert (str(funnel.window_from), str(funnel.window_to), str(funnel.as_of)) == ("2026-01-01",) + ("2026-01-13",) * 2


def test_touchpoint_accounts_contacts_share_and_visits(funnel):
    got = {t.id: (t.events, t.accounts, t.contacts, t.share, t.visits) for t in funnel.touchpoints if t.measured}
    assert got == {
        "a1": (5, 3, 3, 0.75, 4),  # B's return to the blog is a second visit; A's repeat is not
        "a2": (2, 2, 2, 0.5, 2),
        "c1": (3, 2, 2, 0.5, 3),
        "d1": (2, 2, 2, 0.5, 2),
        "o1": (1, 1, 1, 0.25, 1),
    }
    assert tp(funnel, "s1").measured is False and tp(funnel, "s1").accounts is None


def test_outgoing_transition_shares_most_frequent_first(funnel):
    assert tp(funnel, "a1").next == {"c1": 0.667, "a2": 0.333}
    assert tp(funnel, "a2").next == {"c1": 0.5, "d1": 0.5}
    assert tp(funnel, "c1").next == {"a1": 0.5, "d1": 0.5}
    assert tp(funnel, "d1").next == {"o1": 1.0}
    assert tp(funnel, "o1").next == {}


def test_next_accounts_counts_accounts_not_transitions(funnel):
    # B goes a1 -> c1 twice: two of a1's three transitions, but one account, as A's a1 -> a2
    assert tp(funnel, "a1").next_accounts == {"c1": 1, "a2": 1}
    assert tp(funnel, "c1").next_accounts == {"a1": 1, "d1": 1}
    assert tp(funnel, "o1").next_accounts == {}


def test_days_to_next_is_the_median_over_outgoing_transitions(funnel):
    # a1 -> [1 (A: last blog d1 to webinar d2), 2, 2 (B)]; a2 -> [2, 6]; c1 -> [6, 1]; d1 -> [2]
    assert [tp(funnel, t).median_days_to_next for t in ("a1", "a2", "c1", "d1", "o1")] == [2.0, 4.0, 3.5, 2.0, None]


def test_conformance_undesigned_and_unobserved_transitions(funnel):
    assert funnel.transitions == 8
    assert funnel.conformance == 0.75  # 6 of 8 follow next: edges
    assert funnel.undesigned == [Transition("a2", "d1", 1), Transition("c1", "a1", 1)]
    assert funnel.unobserved == [("a1", "o1")]  # s1 is unmeasured: its edges cannot be observed


def test_stage_reach_conversion_drop_off_and_days(funnel):
    got = {s.id: (s.accounts, s.conversion, s.drop_off, s.median_days, s.p90_days) for s in funnel.stages if s.measured}
    assert got == {
        # moved on: A after 4 days, B after 2, C after 6 (skipping consideration); p90 = 4 + 0.8 * 2
        "awareness": (4, 0.5, 0.25, 4.0, 5.6),
        # B went back to awareness: that is not a later stage, so B dropped off here
        "consideration": (2, 0.5, 0.5, 6.0, 6.0),
        "decision": (2, 0.5, 0.5, 2.0, 2.0),
        "onboarding": (1, None, None, None, None),  # the last measured stage
    }
    assert [s.id for s in funnel.stages if not s.measured] == ["support", "retention", "advocacy"]


def test_committee_breadth_maps_roles_to_personas(funnel):
    # A: cfo, it, user (3+); B: economic-buyer and cfo are both the cfo persona (1);
    # C: "VP Finance" (roles: -> cfo) and technical-evaluator (-> it) (2); D has no roles.
    assert stage(funnel, "awareness").breadth == {"1": 1, "2": 1, "3+": 1}
    assert stage(funnel, "awareness").conversion_by_breadth == {"1": 1.0, "2": 0.0, "3+": 1.0}
    assert stage(funnel, "consideration").breadth == {"1": 1, "3+": 1}
    assert stage(funnel, "decision").conversion_by_breadth == {"2": 0.0, "3+": 1.0}
    assert stage(funnel, "onboarding").conversion_by_breadth == {}  # support is unmeasured


LINE = """\
cjm: 1
id: line
title: Line
stages: linear-5
personas:
  - {id: p, name: P}
touchpoints:
  - {id: a, stage: awareness, name: A, events: [a], next: [b]}
  - {id: b, stage: consideration, name: B, events: [b], next: [c]}
  - {id: c, stage: purchase, name: C, events: [c]}
"""


def test_timestamp_ties_are_broken_by_numeric_event_ids_then_input_order(workspace):
    same = day(0)
    log = csv_text(
        "account,activity,timestamp,event_id", [("x", "b", same, 10), ("x", "a", same, 9), ("x", "c", same, 11)]
    )
    jf = only(workspace(LINE, log).measure())
    # numbers: 9 (a), 10 (b), 11 (c); as text "10" < "11" < "9" would give b, c, a
    assert (tp(jf, "a").next, tp(jf, "b").next, jf.conformance) == ({"b": 1.0}, {"c": 1.0}, 1.0)


def test_event_ids_that_are_not_all_integers_sort_as_text(workspace):
    same = day(0)
    log = csv_text(
        "account,activity,timestamp,event_id", [("x", "b", same, "10"), ("x", "a", same, "9"), ("x", "c", same, "11x")]
    )
    jf = only(workspace(LINE, log).measure())
    assert (tp(jf, "b").next, tp(jf, "c").next) == ({"c": 1.0}, {"a": 1.0})  # "10" < "11x" < "9"


def test_without_event_ids_ties_keep_input_order(workspace):
    same = day(0)
    jf = only(workspace(LINE, csv_text("account,activity,timestamp", [("x", "c", same), ("x", "a", same)])).measure())
    assert tp(jf, "c").next == {"a": 1.0}


def test_a_repeated_event_id_counts_once(workspace):
    log = csv_text(
        "account,activity,timestamp,event_id", [("x", "a", day(0), 1), ("x", "a", day(0), 1), ("x", "b", day(1), 2)]
    )
    jf = only(workspace(LINE, log).measure())
    assert (jf.events, tp(jf, "a").events) == (2, 1)


def test_a_repeated_event_id_whose_first_row_is_outside_the_window_counts_nowhere(workspace):
    # the first row of id 1 (in input order) is on day 0, before the window: that is the
    # event, so its later copy on day 5 is not counted inside the window either
    log = csv_text(
        "account,activity,timestamp,event_id", [("x", "a", day(0), 1), ("x", "a", day(5), 1), ("x", "b", day(6), 2)]
    )
    ws = workspace(LINE, log, data="  min_group: 1\n  window: {from: 2026-01-03}\n")
    jf = only(ws.measure())
    assert (jf.events, tp(jf, "a").events, tp(jf, "b").events) == (1, 0, 1)


def test_offsets_are_honoured_and_compared_in_utc(workspace):
    # 09:00+02:00 is 07:00Z, before 08:00Z: b comes first although its local time is later
    log = csv_text(
        "account,activity,timestamp",
        [
            ("x", "a", "2026-03-01T08:00:00Z"),
            ("x", "b", "2026-03-01T09:00:00+02:00"),
            ("x", "c", "2026-03-02T08:00:00-00:00"),
        ],
    )
    jf = only(workspace(LINE, log).measure())
    assert tp(jf, "b").next == {"a": 1.0} and tp(jf, "a").next == {"c": 1.0}
    # a 23:30-01:00 event on Feb 28 local time is March 1 in UTC: inside a window from March 1
    log2 = csv_text(
        "account,activity,timestamp", [("x", "a", "2026-02-28T23:30:00-01:00"), ("x", "b", "2026-02-28T23:30:00Z")]
    )
    ws = workspace(LINE, log2, data="  min_group: 1\n  window: {from: 2026-03-01}\n")
    assert only(ws.measure()).events == 1


def test_window_limits_the_events_and_names_the_figures_dates(workspace):
    log = csv_text("account,activity,timestamp", [("x", "a", day(0)), ("x", "b", day(5)), ("x", "c", day(9))])
    ws = workspace(LINE, log, data="  min_group: 1\n  window: {from: 2026-01-02, to: 2026-01-06}\n")
    jf = only(ws.measure())
    assert (jf.events, str(jf.window_from), str(jf.as_of)) == (1, "2026-01-02", "2026-01-06")


JOBS = """\
cjm: 1
id: jobs
title: Buying jobs
stages: buying-jobs
personas:
  - {id: p, name: P}
touchpoints:
  - {id: pi, stage: problem-identification, name: Reads, events: [read]}
  - {id: se, stage: solution-exploration, name: Explores, events: [explore]}
  - {id: va, stage: validation, name: Trial, events: [trial]}
"""


def test_unordered_buying_jobs_get_reach_and_dwell_only(workspace):
    log = csv_text(
        "account,activity,timestamp",
        [
            ("x", "trial", day(0)),
            ("x", "read", day(2)),
            ("x", "explore", day(3)),
            ("y", "read", day(0)),
            ("y", "explore", day(4)),
        ],
    )
    jf = only(workspace(JOBS, log).measure())
    got = {s.id: (s.accounts, s.conversion, s.drop_off, s.median_days) for s in jf.stages if s.measured}
    # dwell: until the first event of any other job: x validation 0 -> 2, x read 2 -> 3, y read 0 -> 4
    assert got == {
        "problem-identification": (2, None, None, 2.5),
        "solution-exploration": (2, None, None, None),
        "validation": (1, None, None, 2.0),
    }


SURVEYED = LINE.replace(
    "{id: c, stage: purchase, name: C, events: [c]}",
    "{id: c, stage: purchase, name: C, events: [c]}\n  - {id: u, stage: retention, name: Unmeasured}",
)


def test_surveys_give_each_scale_its_figure_and_emotion(workspace):
    log = csv_text(
        "account,activity,timestamp,contact",
        [
            ("x", "a", day(0), "x1"),
            ("x", "a", day(0), "x2"),
            ("y", "a", day(1), "y1"),
            ("y", "b", day(2), "y1"),
            ("z", "a", day(1), "z1"),
        ],
    )
    surveys = csv_text(
        "account,contact,touchpoint,scale,score",
        [
            ("x", "x1", "a", "csat", 4),
            ("y", "y1", "a", "csat", 5),
            ("x", "x1", "a", "nps", 10),
            ("y", "y1", "a", "nps", 9),
            ("z", "z1", "a", "nps", 3),
            ("y", "y1", "b", "ces", 7),
            ("y", "y1", "b", "CES", 4),
            ("x", "x9", "u", "csat", 2),
        ],
    )
    jf = only(workspace(SURVEYED, log, surveys=surveys).measure())
    a, b, u = tp(jf, "a"), tp(jf, "b"), tp(jf, "u")
    # a: csat (4 + 5) / 2 = 4.5; nps 2 promoters, 1 detractor of 3 = 33.3; emotion over all five
    # answers: csat 4, 5 and nps 1 + 4 * s / 10 -> 5.0, 4.6, 2.2: 20.8 / 5 = 4.16 -> 4.2
    assert (a.responses, a.csat, a.nps, a.ces, a.emotion) == (5, 4.5, 33.3, None, 4.2)
    # a was reached by x1, x2, y1, z1; x1, y1, z1 answered: 3 / 4
    assert a.response_rate == 0.75
    # b: ces (7 + 4) / 2 = 5.5 -> emotion 1 + 4 * 4.5 / 6 = 4.0; y1 reached b and answered
    assert (b.responses, b.ces, b.emotion, b.response_rate) == (2, 5.5, 4.0, 1.0)
    # an unmeasured touchpoint still gets its survey figures, but no response rate
    assert (u.responses, u.csat, u.emotion, u.response_rate) == (1, 2.0, 2.0, None)


def test_nps_of_passives_only_is_zero_and_scores_round_half_away_from_zero(workspace):
    log = csv_text("account,activity,timestamp", [(f"acc{i}", "a", day(0)) for i in range(8)])
    rows = [(f"acc{i}", "a", "nps", s) for i, s in enumerate([7, 8, 7, 8, 0, 10, 10, 0])]
    jf = only(workspace(LINE, log, surveys=csv_text("account,touchpoint,scale,score", rows)).measure())
    # 2 promoters - 2 detractors = 0; emotion 1 + 4 * mean(50 / 8 = 6.25) / 10 = 3.5
    assert (tp(jf, "a").nps, tp(jf, "a").emotion) == (0.0, 3.5)


def test_figures_from_fewer_than_min_group_accounts_are_withheld(workspace):
    rows = [(f"big{i}", "a", day(0)) for i in range(3)] + [(f"big{i}", "b", day(1)) for i in range(3)]
    rows += [("small", "a", day(0)), ("small", "c", day(2))]
    ws = workspace(LINE, csv_text("account,activity,timestamp", rows), data="  min_group: 3\n")
    jf = only(ws.measure())
    assert (tp(jf, "a").accounts, tp(jf, "a").next) == (4, {"b": 0.75, "c": "<3"})
    assert tp(jf, "a").next_accounts == {"b": 3, "c": "<3"}
    assert (tp(jf, "c").accounts, tp(jf, "c").share, tp(jf, "c").visits) == ("<3", "<3", "<3")
    assert (stage(jf, "purchase").accounts, stage(jf, "awareness").accounts) == ("<3", 4)
    assert jf.undesigned == [Transition("a", "c", "<3")]
    (ws.root / "cjm.yaml").write_text("cjm: 1\ndata:\n  events: {path: events.csv}\n")  # default min_group 5
    assert only(ws.measure()).accounts == "<5"


def test_by_segment_splits_every_figure(workspace):
    log = csv_text(
        "account,activity,timestamp,segment",
        [("x", "a", day(0), "smb"), ("x", "b", day(1), "smb"), ("y", "a", day(0), "ent"), ("z", "a", day(0), None)],
    )
    jf = only(workspace(LINE, log).measure(by="segment"))
    assert jf.accounts == 3
    assert {k: (s.accounts, stage(s, "awareness").conversion) for k, s in jf.segments.items()} == {
        "ent": (1, 0.0),
        "smb": (1, 1.0),
        "(none)": (1, 0.0),
    }


def test_activity_names_with_quotes_backslashes_and_unicode_map_exactly(workspace):
    journey = LINE.replace("events: [a]", 'events: ["it\'s a \\\\ path"]').replace(
        "events: [b]", 'events: ["Démo «b»"]'
    )
    log = csv_text("account,activity,timestamp", [("x", '"it\'s a \\ path"', day(0)), ("x", "Démo «b»", day(1))])
    jf = only(workspace(journey, log).measure())
    assert (tp(jf, "a").accounts, tp(jf, "b").accounts, tp(jf, "a").next) == (1, 1, {"b": 1.0})


def test_spaces_around_a_value_are_dropped_and_a_no_break_space_is_part_of_it(workspace):
    # " x" is account x; "\u00a0x" is another account, on both engines (their bare TRIMs differ).
    rows = [(" x", "a ", day(0)), ("x ", " b", day(1)), ("\u00a0x", "a", day(2)), ("  ", "a", day(3))]
    jf = only(workspace(LINE, csv_text("account,activity,timestamp", rows)).measure())
    assert (tp(jf, "a").accounts, tp(jf, "a").events, tp(jf, "b").accounts, tp(jf, "a").next) == (2, 2, 1, {"b": 1.0})


@pytest.mark.parametrize("engine", ["spark"])
def test_a_users_spark_session_gets_its_own_settings_back(workspace, spark_session):
    """A notebook's session runs cjm's SQL in UTC with standard quoting, then is as it was."""
    spark_session.conf.set("spark.sql.session.timeZone", "Europe/Paris")
    # Naive timestamps are UTC (MEASURE.md): read in Paris time, 00:30 would be the 1st.
    log = csv_text("account,activity,timestamp", [("x", "a", "2026-01-01 10:00:00"), ("x", "b", "2026-01-02 00:30:00")])
    try:
        jf = only(workspace(LINE, log).measure())
        assert str(jf.as_of) == "2026-01-02"
        assert spark_session.conf.get("spark.sql.session.timeZone") == "Europe/Paris"
    finally:
        spark_session.conf.set("spark.sql.session.timeZone", "UTC")


def test_by_segment_splits_blind_spots_and_survey_figures(workspace):
    # an account's group is the smallest segment of its mapped events: x is "ent" although
    # its first event says "smb"
    log = csv_text(
        "account,activity,timestamp,segment,contact",
        [
            ("x", "a", day(0), "smb", "x1"),
            ("x", "b", day(1), "ent", "x1"),
            ("x", "noise", day(2), "ent", "x1"),
            ("y", "a", day(0), "smb", "y1"),
            ("y", "noise", day(2), "smb", "y1"),
            ("y", "noise", day(3), "smb", "y1"),
        ],
    )
    surveys = csv_text(
        "account,contact,touchpoint,scale,score", [("x", "x1", "a", "csat", 2), ("y", "y1", "a", "csat", 4)]
    )
    jf = only(workspace(SURVEYED, log, surveys=surveys).measure(by="segment"))
    assert (jf.unmapped_events, jf.unmapped) == (3, [("noise", 3)])
    ent, smb = jf.segments["ent"], jf.segments["smb"]
    # blind spots count each event in its own row's segment; survey answers follow the account
    assert (ent.unmapped, smb.unmapped) == ([("noise", 1)], [("noise", 2)])
    assert (tp(ent, "a").csat, tp(smb, "a").csat, tp(ent, "a").response_rate) == (2.0, 4.0, 1.0)
