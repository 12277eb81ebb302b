"""A deterministic generator of realistic B2B committee event logs (and surveys).

    python benchmarks/committee_log.py --accounts 300 --out demo/measured/data [--seed 7]
    python benchmarks/committee_log.py --events 10000000 --out /tmp/log --format parquet

Each account (segment smb / mid-market / enterprise) has a buying committee of 1-8
contacts in roles; it walks the journey of demo/measured (awareness -> consideration
-> decision -> implementation -> growth) with drop-off at every step, repeats (several
blog reads are one visit), skipped steps, now and then a step back, and activities that
no touchpoint maps (blind spots). Some contacts answer surveys: CSAT after the demo call,
NPS after the kickoff, CES after the first login. The same seed gives the same bytes.
Stdlib only for CSV; `--format parquet` converts with DuckDB.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
SEGMENTS = [("smb", 0.5, (1, 3)), ("mid-market", 0.35, (2, 5)), ("enterprise", 0.15, (4, 8))]
ROLES = ["Head of Marketing", "VP Finance", "IT Security", "Marketing Ops", "Procurement", "Analyst", "CMO", "Champion"]
# (activity, step, who: role index or None for anyone, p(continue), days to next (lo, hi), repeats)
PATH = [
    ("web.blog_view", 0, None, 0.8, (0, 6), 4),
    ("web.pricing_view", 0, None, 0.6, (0, 4), 2),
    ("webinar.attended", 0, 0, 0.5, (1, 7), 1),
    ("crm:Demo requested", 1, 0, 0.85, (1, 5), 1),
    ("crm:Demo held", 1, None, 0.7, (3, 14), 1),
    ("crm:Security review", 2, 2, 0.8, (2, 20), 2),
    ("crm:Proposal sent", 2, 1, 0.7, (3, 15), 1),
    ("crm:Contract signed", 2, 1, 0.95, (1, 10), 1),
    ("product.kickoff", 3, None, 0.9, (1, 6), 1),
    ("product.first_login", 3, 3, 0.8, (5, 30), 3),
    ("crm:Upsell closed", 4, 1, 0.0, (0, 0), 1),
]
NOISE = ["web.careers_view", "newsletter.open", "web.blog_view_legacy", "support.ticket_opened"]
SURVEY_AFTER = {
    "crm:Demo held": ("csat", 1, 5),
    "product.kickoff": ("nps", 0, 10),
    "product.first_login": ("ces", 1, 7),
}


def generate(accounts: int, seed: int, out: Path, target_events: int | None = None) -> tuple[int, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_events = n_surveys = 0
    event_id = 0
    with (out / "events.csv").open("w", newline="") as ev, (out / "surveys.csv").open("w", newline="") as sv:
        events = csv.writer(ev, lineterminator="\n")
        surveys = csv.writer(sv, lineterminator="\n")
        events.writerow(["account_id", "event_name", "ts", "contact_id", "contact_role", "account_segment", "event_id"])
        surveys.writerow(["account_id", "contact_id", "touchpoint", "survey", "score", "answered_at"])
        a = 0
        while (target_events is None and a < accounts) or (target_events is not None and n_events < target_events):
            a += 1
            name = f"acc-{a:06d}"
            segment = rng.choices([s for s, _, _ in SEGMENTS], [w for _, w, _ in SEGMENTS])[0]
            lo, hi = next(r for s, _, r in SEGMENTS if s == segment)
            contacts = [
                (f"{name}-c{k}", ROLES[rng.randrange(len(ROLES))] if k else ROLES[0])
                for k in range(rng.randint(lo, hi))
            ]
            t = START + dt.timedelta(days=rng.uniform(0, 120), minutes=rng.randrange(600))
            i = 0
            while i < len(PATH):
                activity, _, who, p_next, (d_lo, d_hi), repeats = PATH[i]
                cands = [c for c in contacts if who is not None and c[1] == ROLES[who]] or contacts
                contact = rng.choice(cands)
                for _ in range(rng.randint(1, repeats)):
                    event_id += 1
                    events.writerow(
                        [name, activity, t.strftime("%Y-%m-%dT%H:%M:%SZ"), contact[0], contact[1], segment, event_id]
                    )
                    n_events += 1
                    t += dt.timedelta(hours=rng.uniform(0.1, 30))
                if rng.random() < 0.15:
                    event_id += 1
                    noise = rng.choice(NOISE)
                    events.writerow(
                        [name, noise, t.strftime("%Y-%m-%dT%H:%M:%SZ"), contact[0], contact[1], segment, event_id]
                    )
                    n_events += 1
                if activity in SURVEY_AFTER and rng.random() < 0.4:
                    scale, s_lo, s_hi = SURVEY_AFTER[activity]
                    score = min(s_hi, max(s_lo, round(rng.gauss((s_lo + s_hi) / 2 + 1, (s_hi - s_lo) / 4))))
                    answered = (t + dt.timedelta(hours=rng.uniform(1, 48))).strftime("%Y-%m-%dT%H:%M:%SZ")
                    surveys.writerow([name, contact[0], _touchpoint(activity), scale, score, answered])
                    n_surveys += 1
                t += dt.timedelta(days=rng.uniform(d_lo, d_hi))
                if rng.random() > p_next:
                    break
                roll = rng.random()
                if roll < 0.12 and i + 2 < len(PATH):
                    i += 2  # a skipped step
                elif roll < 0.18 and i > 0:
                    i -= 1  # back a step
                else:
                    i += 1
    return n_events, n_surveys


def _touchpoint(activity: str) -> str:
    return {"crm:Demo held": "demo-call", "product.kickoff": "kickoff", "product.first_login": "first-login"}[activity]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--events", type=int, default=None, help="generate accounts until this many events")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    args = parser.parse_args()
    n, s = generate(args.accounts, args.seed, args.out, args.events)
    if args.format == "parquet":
        import duckdb

        src = args.out / "events.csv"
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{src}', all_varchar=true)) TO '{args.out / 'events.parquet'}'")
    print(f"{n} events, {s} survey answers in {args.out}")


if __name__ == "__main__":
    main()
