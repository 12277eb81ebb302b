"""Deterministic synthetic cjm workspaces for the benchmarks (stdlib only).

    python benchmarks/generate.py [--out benchmarks/data] [--force]

Writes, under the output directory:

- `ws-10k/`, `ws-50k/`, `ws-100k/`: workspaces of 10,000, 50,000 and 100,000 touchpoints.
  Each has a `cjm.yaml`, a persona library (`personas/*.yaml`) and journeys of 20 to 80
  touchpoints (mean 50, so 200, 1,000 and 2,000 journeys) in `journeys/<domain>/`. A
  workspace grows the way a real one does: by more journeys, not by ever longer files.
- `ws-100k-changed/`: a copy of `ws-100k` with realistic edits (emotions re-scored, touchpoints
  added, removed and renamed, actions closed) for `cjm diff`.
- `render-1k/journey-1k.yaml`: a single journey of 1,000 touchpoints (its own workspace, with
  inline personas) for `cjm render`.

Every journey is valid and lint-clean apart from the odd informational `emotion-gap`: each
persona appears in every stage, low emotions come with pain points, pain points with an
opportunity or an action, actions have owner/metric/due date. Files carry YAML comments
(section headers, trailing notes, inline `# cjm: disable=` suppressions), flow and block
lists, folded text and quoted strings, like hand-written maps.

The output depends only on this file: a fixed seed per workspace, no clock, no environment.
A `.stamp` file holds a hash of this source; the data is regenerated when it changes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"
SIZES = {"10k": 10_000, "50k": 50_000, "100k": 100_000}
SEED = "cjm-bench-v1"

CHANNELS = [
    "web", "email", "phone", "chat", "social", "search", "ads", "event", "in-person", "sales-call",
    "demo", "product", "support", "docs", "community", "partner", "peer-referral", "review-site",
]  # fmt: skip
EXTRA_CHANNELS = ["webinar", "partner-portal"]
DEPARTMENTS = [
    "marketing", "sales", "solutions-engineering", "customer-success", "support", "product",
    "finance", "legal", "professional-services", "partnerships", "it-operations", "billing",
]  # fmt: skip
ROLES = [
    "economic-buyer", "technical-evaluator", "end-user", "implementer",
    "executive-sponsor", "influencer", "champion", "procurement",
]  # fmt: skip
DOMAINS = [
    ("saas", "marketing-analytics SaaS"),
    ("industrial", "industrial equipment"),
    ("logistics", "freight and logistics platform"),
    ("fintech", "accounts-payable automation"),
    ("security", "endpoint security suite"),
    ("hr", "HR and payroll platform"),
    ("health", "clinical scheduling software"),
    ("telecom", "enterprise connectivity"),
]
SEGMENTS = ["mid-market", "enterprise", "SMB", "public-sector", "channel-led", "self-serve"]
REGIONS = ["EMEA", "North America", "DACH", "Nordics", "APAC", "LATAM", "UK and Ireland"]
FIRST_NAMES = [
    "Maya", "Lena", "Kenji", "Ravi", "Tomás", "Owen", "Amara", "Jonas", "Priya", "Sofia", "Malik",
    "Ingrid", "Chen", "Fatima", "Lukas", "Aiko", "Diego", "Hannah", "Yusuf", "Elena", "Noah", "Zara",
]  # fmt: skip
TITLES = {
    "economic-buyer": ["Head of Marketing", "CFO", "VP Operations", "Chief Revenue Officer"],
    "technical-evaluator": ["Enterprise Architect", "IT Security Lead", "Solutions Architect"],
    "end-user": ["Marketing Analyst", "Shift Supervisor", "AP Clerk", "Service Desk Agent"],
    "implementer": ["Marketing Operations Manager", "Systems Integrator", "Plant Engineer"],
    "executive-sponsor": ["COO", "Chief Digital Officer", "Managing Director"],
    "influencer": ["VP Sales", "Head of Finance Systems", "Quality Manager"],
    "champion": ["Team Lead Analytics", "Operations Excellence Manager", "Payroll Lead"],
    "procurement": ["Procurement Manager", "Vendor Management Lead", "Category Buyer"],
}

# Built-in models with a post-purchase phase (buying-jobs has none: it would trip
# no-post-purchase, so it is used only by journeys that also list explicit stages).
BUILTIN_STAGES = {
    "b2b-7": ["awareness", "consideration", "decision", "onboarding", "support", "retention", "advocacy"],
    "b2b-5": ["awareness", "consideration", "decision", "implementation", "growth"],
    "linear-5": ["awareness", "consideration", "purchase", "retention", "advocacy"],
}
CUSTOM_STAGES = [
    ("problem-framing", "Problem framing", "pre-purchase", "Agree internally that the status quo costs too much"),
    ("vendor-research", "Vendor research", "pre-purchase", "Build a long list of credible vendors"),
    ("evaluation", "Evaluation", "pre-purchase", "Prove the shortlisted tools work with our data"),
    ("business-case", "Business case", "purchase", "Get budget approved by finance"),
    ("contracting", "Contracting", "purchase", "Sign without a six-week legal loop"),
    ("rollout", "Rollout", "post-purchase", "Go live in every site without disrupting operations"),
    ("adoption", "Adoption", "post-purchase", "Get teams using it weekly"),
    ("renewal", "Renewal", "post-purchase", "Renew at a price that matches the value delivered"),
    ("expansion", "Expansion", "post-purchase", "Extend to new teams and regions"),
]
VERBS = [
    "Searches for", "Reads", "Downloads", "Attends", "Requests", "Compares", "Reviews", "Books",
    "Joins", "Receives", "Signs", "Configures", "Escalates", "Renews", "Recommends", "Asks about",
    "Watches", "Evaluates", "Negotiates", "Completes", "Exports", "Invites colleagues to",
]  # fmt: skip
OBJECTS = [
    "the pricing page", "a comparison article", "the ROI calculator", "a customer case study",
    "the security questionnaire", "a live product demo", "the onboarding kickoff call",
    "the implementation plan", "the quarterly business review", "the renewal quote",
    "a support ticket about SSO", "the admin console", "the API documentation", "a partner webinar",
    "the data-processing agreement", "the trial workspace", "the user community forum",
    "an analyst report", "the invoice for the first term", "the health-score dashboard",
    "the certification course", "a reference call with an existing customer", "the mutual action plan",
    "the integration marketplace", "the release notes", "an NPS survey", "the usage report",
]  # fmt: skip
QUALIFIERS = [
    "before the budget deadline", "with the IT team", "on a mobile phone", "after a colleague's tip",
    "for the third time", "during the month-end close", "ahead of the steering committee",
    "from the vendor's newsletter", "while comparing two shortlisted vendors", "with a procurement checklist",
    "in the first week after go-live", "to prepare the board deck",
]  # fmt: skip
FEELINGS = {
    1: ["furious", "blocked", "let down"],
    2: ["frustrated", "pestered", "anxious", "confused"],
    3: ["curious", "neutral", "cautious", "busy"],
    4: ["reassured", "engaged", "confident", "pleased"],
    5: ["delighted", "relieved", "proud"],
}
PAINS = [
    "Pricing is hidden behind a contact form",
    "Three follow-up calls before the content has been read",
    "The security review repeats questions already answered in the trust portal",
    "No sandbox with realistic data, so the evaluation stalls",
    "Contract redlines go through four legal rounds",
    "Onboarding emails arrive before the admin account exists",
    "Support replies ask for logs that were attached to the ticket",
    "Usage report does not match the invoice",
    "The renewal quote lands two weeks before the notice period ends",
    "SSO setup needs a vendor engineer",
    "Training videos cover an older version of the UI",
    "Nobody owns the account after the implementation team leaves",
]
OPPORTUNITIES = [
    "Publish list prices for every tier",
    "Offer an ungated version with an optional call",
    "Pre-fill the security questionnaire from the trust portal",
    "Provision a sandbox with sample data at sign-up",
    "Standard contract with pre-approved fallback clauses",
    "Trigger onboarding emails from the admin-created event",
    "Read attachments before replying; add a log-upload checklist",
    "Reconcile usage and billing in one report",
    "Send the renewal quote 90 days ahead with usage evidence",
    "Self-service SSO wizard",
    "Refresh training videos with every major release",
    "Name a customer-success manager before go-live",
]
BACKSTAGE = [
    "Content team refreshes comparison pages quarterly",
    "SDR team qualifies leads in HubSpot within 24 hours",
    "Solutions engineer prepares a tailored demo environment",
    "Legal maintains the clause library",
    "Provisioning job creates the tenant and admin account",
    "Support triages tickets by severity and plan",
    "Finance runs usage-based billing on the 1st of each month",
    "CSM reviews health scores weekly",
]
METRICS = [
    "conversion_rate", "drop_off_rate", "time_to_value_days", "csat", "nps", "cost_per_lead",
    "first_response_hours", "activation_rate", "renewal_rate", "churn_rate", "win_rate",
]  # fmt: skip
LOWER_IS_BETTER = {"drop_off_rate", "time_to_value_days", "cost_per_lead", "first_response_hours", "churn_rate"}
NOTES = ["measured Q3", "from the 2026 survey", "estimate", "see dashboard", "needs a re-check"]


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() and c.isascii() else "-" for c in text.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _persona_block(w: _Writer, rng: random.Random, pid: str, role: str, indent: str) -> None:
    name = f"{rng.choice(FIRST_NAMES)}, {rng.choice(TITLES[role])}"
    w(f"{indent}- id: {pid}")
    w(f"{indent}  name: {name}")
    w(f"{indent}  role: {role}")
    w(f"{indent}  goals:")
    for goal in rng.sample(OPPORTUNITIES, 2):
        w(f"{indent}    - {goal}")
    w(f"{indent}  pain_points:")
    for pain in rng.sample(PAINS, rng.randint(1, 2)):
        w(f"{indent}    - {pain}")
    w(f"{indent}  channels: {_flow(rng.sample(CHANNELS, 3))}")


def library(rng: random.Random, file_no: int, per_file: int) -> tuple[str, list[tuple[str, str]]]:
    """A persona library file and its (id, role) pairs."""
    w = _Writer()
    w("# yaml-language-server: $schema=../../../schemas/personas.schema.json")
    w(f"# Shared buying-committee personas, set {file_no + 1}.")
    w("cjm: 1")
    w("personas:")
    people = []
    for i in range(per_file):
        role = ROLES[(file_no + i) % len(ROLES)]
        pid = f"{_slug(rng.choice(TITLES[role]))}-{file_no + 1}-{i + 1}"
        people.append((pid, role))
        _persona_block(w, rng, pid, role, "  ")
        w()
    return w.text(), people


def journey(
    rng: random.Random,
    jid: str,
    n_touchpoints: int,
    library_people: list[tuple[str, str]],
    parent: str | None,
    domain: str,
) -> str:
    """One journey file of `n_touchpoints` touchpoints (valid, lint-clean-ish)."""
    w = _Writer()
    w("# yaml-language-server: $schema=../../../schemas/journey.schema.json")
    w(f"# {domain.capitalize()} journey, maintained by the CX guild. Edit in a branch and open a PR.")
    w("cjm: 1")
    w(f"id: {jid}")
    segment, region = rng.choice(SEGMENTS), rng.choice(REGIONS)
    w(f"title: {segment.capitalize()} {domain}, {region}, first search to renewal")
    w(f"type: {rng.choice(['current-state', 'current-state', 'future-state', 'service-blueprint'])}")
    w("objective: >-")
    w(f"  Shorten the {rng.randint(30, 120)}-day sales cycle, halve time to value and lift gross")
    w(f"  revenue retention from {rng.randint(80, 88)}% to {rng.randint(89, 96)}%")
    w(f'scope: "{segment.capitalize()} accounts ({rng.randint(50, 500)}-{rng.randint(1, 9)},000 staff), {region}"')
    w(f"owner: {rng.choice(['cx-team', 'growth-team', 'revops', 'customer-success'])}")
    w(f"reviewed: 2026-{rng.randint(6, 11):02d}-{rng.randint(1, 20):02d}")
    if parent:
        w(f"parent: {parent}")

    # Stages: a built-in model or an explicit list of 4-7 custom stages (kept in order).
    if rng.random() < 0.5:
        model = rng.choice(sorted(BUILTIN_STAGES))
        stage_ids = BUILTIN_STAGES[model]
        w(f"stages: {model}")
    else:
        pre = [s for s in CUSTOM_STAGES if s[2] == "pre-purchase"]
        mid = [s for s in CUSTOM_STAGES if s[2] == "purchase"]
        post = [s for s in CUSTOM_STAGES if s[2] == "post-purchase"]
        chosen = rng.sample(pre, 2) + rng.sample(mid, 1) + rng.sample(post, rng.randint(1, 3))
        chosen.sort(key=CUSTOM_STAGES.index)
        stage_ids = [s[0] for s in chosen]
        w("stages:")
        for sid, name, phase, goal in chosen:
            w(f"  - id: {sid}")
            w(f"    name: {name}")
            w(f"    phase: {phase}")
            w(f"    customer_goal: {goal}")
    w()

    # Personas: library ids (two or three roles) plus one or two inline ones.
    w("personas:")
    picked = rng.sample(library_people, rng.randint(2, 3))
    persona_ids = []
    for pid, _role in picked:
        w(f"  - {pid}          # from the persona library")
        persona_ids.append(pid)
    for k in range(rng.randint(1, 2)):
        role = rng.choice([r for r in ROLES if r != picked[0][1]])  # at least two roles: no single-stakeholder
        pid = f"{jid}-{_slug(role)}-{k + 1}"
        _persona_block(w, rng, pid, role, "  ")
        persona_ids.append(pid)
    w()

    # Touchpoints, spread over the stages in order.
    w("touchpoints:")
    tp_ids = [f"{_slug(rng.choice(VERBS))}-{_slug(rng.choice(OBJECTS))}-{i + 1}" for i in range(n_touchpoints)]
    unaddressed: list[str] = []
    per_stage = [
        n_touchpoints // len(stage_ids) + (1 if s < n_touchpoints % len(stage_ids) else 0)
        for s in range(len(stage_ids))
    ]
    i = 0
    for stage_no, sid in enumerate(stage_ids):
        w(f"  # --- {sid} " + "-" * max(3, 70 - len(sid)))
        for k in range(per_stage[stage_no]):
            tid = tp_ids[i]
            emotion = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 4, 2])[0]
            target = min(5, emotion + rng.choice([0, 1, 1, 1, 1, 1, 2]))
            pains = rng.sample(PAINS, rng.randint(1, 2)) if emotion <= 2 or rng.random() < 0.2 else []
            w(f"  - id: {tid}")
            w(f"    stage: {sid}")
            name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
            w(f"    name: {_quote(name) if rng.random() < 0.15 else name}")
            w(f"    channel: {rng.choice(CHANNELS + EXTRA_CHANNELS)}")
            # Every persona meets the first touchpoint of each stage (no persona-gap).
            who = persona_ids if k == 0 else rng.sample(persona_ids, rng.randint(1, min(3, len(persona_ids))))
            w(f"    personas: {_flow(who)}")
            w(f"    owner: {rng.choice(DEPARTMENTS)}")
            w(f"    customer_action: {rng.choice(VERBS)} {rng.choice(OBJECTS)} and shares it {rng.choice(QUALIFIERS)}")
            if target - emotion >= 2:
                w("    # cjm: disable=emotion-gap -- known, on the roadmap")
            note = f"   # {rng.choice(NOTES)}" if rng.random() < 0.1 else ""
            w(f"    emotion: {emotion}{note}")
            w(f"    target_emotion: {target}")
            w(f"    feeling: {rng.choice(FEELINGS[emotion])}")
            if pains:
                w("    pain_points:")
                for pain in pains:
                    w(f"      - {pain}")
                if rng.random() < 0.7:
                    w(f"    opportunities: {_flow([_quote(o) for o in rng.sample(OPPORTUNITIES, 1)])}")
                else:
                    unaddressed.append(tid)
            if rng.random() < 0.5:
                keys = rng.sample(METRICS, rng.randint(1, 3))
                values = [_metric(rng, key) for key in keys]
                missed = rng.random() < 0.01
                w("    metrics:")
                for n, (key, value) in enumerate(zip(keys, values, strict=True)):
                    note = "   # cjm: disable=metric-below-target -- seasonal dip" if missed and n == 0 else ""
                    w(f"      {key}: {value}{note}")
                if missed or rng.random() < 0.6:
                    # Targets are met, apart from the odd (suppressed) miss.
                    w("    targets:")
                    w(f"      {keys[0]}: {_target(keys[0], values[0], missed)}")
            if rng.random() < 0.4:
                w(f"    backstage: {_flow(rng.sample(BACKSTAGE, rng.randint(1, 2)))}")
            nxt = []
            if i + 1 < n_touchpoints:  # a path through every touchpoint: none unreachable, no dead end
                nxt.append(tp_ids[i + 1])
            if i + 3 < n_touchpoints and rng.random() < 0.25:
                nxt.append(tp_ids[rng.randint(i + 2, min(n_touchpoints - 1, i + 12))])
            if i > 5 and rng.random() < 0.05:
                nxt.append(tp_ids[rng.randint(0, i - 1)])  # a loop back, e.g. re-evaluation
            if nxt:
                w(f"    next: {_flow(nxt)}")
            w()
            i += 1

    # Actions: one for every pain point without an opportunity, plus some extra.
    w("actions:")
    addressed = unaddressed + rng.sample(tp_ids, max(1, n_touchpoints // 20))
    for a, tid in enumerate(addressed):
        w(f"  - id: action-{a + 1}-{_slug(rng.choice(OPPORTUNITIES))[:40].rstrip('-')}")
        w(f"    title: {rng.choice(OPPORTUNITIES)}")
        w(f"    addresses: [{tid}]")
        w(f"    owner: {rng.choice(DEPARTMENTS)}")
        w(f"    priority: {rng.choice(['high', 'medium', 'low'])}")
        w(f"    impact: {rng.randint(2, 5)}")
        w(f"    effort: {rng.randint(1, 5)}")
        w(f"    metric: {rng.choice(METRICS).replace('_', ' ').capitalize()} improves by {rng.randint(5, 40)}%")
        w(f"    due: 2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        w(f"    status: {rng.choice(['planned', 'planned', 'in-progress', 'done'])}")
    return w.text()


def _metric(rng: random.Random, key: str) -> str:
    if key.endswith(("_rate", "csat")):
        return f"{rng.randint(1, 999) / 1000:g}"
    if key == "nps":
        return str(rng.randint(-20, 70))
    return str(rng.randint(1, 400))


def _target(key: str, value: str, missed: bool) -> str:
    """A target the metric meets (or, when `missed`, misses), in the metric's direction."""
    lower_is_better = key in LOWER_IS_BETTER
    number = float(value)
    delta = max(abs(number) * 0.1, 0.01)
    if lower_is_better == missed:  # a lower target
        return f"{round(number - delta, 3):g}"
    return f"{round(number + delta, 3):g}"


def config(max_per_stage: int = 20, globs: bool = True) -> str:
    return (
        "# yaml-language-server: $schema=../../../schemas/config.schema.json\n"
        "cjm: 1\n"
        + ("journeys: [journeys/**/*.yaml]\npersonas: [personas/*.yaml]\n" if globs else "")
        + f"channels: {_flow(EXTRA_CHANNELS)}   # extra channels used by this workspace\n"
        "lint:\n"
        "  rules:\n"
        f"    stage-overloaded: {{severity: warning, max: {max_per_stage}}}\n"
        "    stale-review: {max_age_days: 730}   # reviewed dates are 2026; keeps the data lint-clean until 2028\n"
        "    missing-owner: error\n"
    )


def workspace(out: Path, total: int, seed: str) -> None:
    """A workspace of exactly `total` touchpoints in journeys of 20-80 touchpoints."""
    rng = random.Random(f"{seed}-{total}")
    (out / "journeys").mkdir(parents=True)
    (out / "personas").mkdir()
    (out / "cjm.yaml").write_text(config(), encoding="utf-8")
    people: list[tuple[str, str]] = []
    for file_no in range(4):
        text, pairs = library(rng, file_no, 8)
        people += pairs
        (out / "personas" / f"buying-committee-{file_no + 1}.yaml").write_text(text, encoding="utf-8")
    sizes = _journey_sizes(rng, total)
    parents: dict[str, str] = {}
    for n, size in enumerate(sizes):
        domain, words = DOMAINS[n % len(DOMAINS)]
        jid = f"{domain}-{_slug(rng.choice(SEGMENTS))}-{n + 1:04d}"
        parent = parents.get(domain)
        if parent is None:
            parents[domain] = jid  # the first journey of a domain is the overview the others zoom into
        directory = out / "journeys" / domain
        directory.mkdir(exist_ok=True)
        text = journey(rng, jid, size, people, parent, words)
        (directory / f"{jid}.yaml").write_text(text, encoding="utf-8")


def _journey_sizes(rng: random.Random, total: int) -> list[int]:
    sizes = []
    left = total
    while left > 0:
        size = rng.randint(20, 80)
        if left - size < 20:
            size = left
        sizes.append(size)
        left -= size
    return sizes


def changed_copy(src: Path, dst: Path, seed: str) -> None:
    """`src` with the edits of a busy quarter: ~2% of journeys changed in several ways."""
    shutil.copytree(src, dst)
    rng = random.Random(f"{seed}-changed")
    files = sorted((dst / "journeys").rglob("*.yaml"))
    for path in rng.sample(files, max(1, len(files) // 50)):
        lines = path.read_text(encoding="utf-8").split("\n")
        out: list[str] = []
        for line in lines:
            suppressed = bool(out) and "cjm: disable" in out[-1]
            if line == "    emotion: 3" and not suppressed and rng.random() < 0.3:
                line = "    emotion: 4"
            elif line.startswith("    name: ") and not line.endswith('"') and rng.random() < 0.05:
                line = line + " (revised)"
            elif line.startswith("    status: planned") and rng.random() < 0.5:
                line = "    status: done"
            out.append(line)
        text = "\n".join(out)
        # And a touchpoint added at the end of the list.
        path.write_text(_add_touchpoint(text, rng), encoding="utf-8")


def _add_touchpoint(text: str, rng: random.Random) -> str:
    head, sep, tail = text.partition("\nactions:\n")
    lines = head.split("\n")
    stage = next(line.split(": ", 1)[1] for line in reversed(lines) if line.startswith("    stage: "))
    persona = next(
        line.split("[", 1)[1].split(",")[0].rstrip("]") for line in lines if line.startswith("    personas: [")
    )
    tid = f"added-touchpoint-{rng.randint(1000, 9999)}"
    # The last touchpoint so far leads to the new one.
    last = max(n for n, line in enumerate(lines) if line.startswith("  - id: "))
    for n in range(last, len(lines)):
        if lines[n].startswith("    next: ["):
            lines[n] = lines[n][:-1] + f", {tid}]"
            break
    else:
        lines.insert(len(lines) - 1 if not lines[-1] else len(lines), f"    next: [{tid}]")
    head = "\n".join(lines)
    new = (
        f"  - id: {tid}\n"
        f"    stage: {stage}\n"
        "    name: Joins the new customer advisory board\n"
        "    channel: event\n"
        f"    personas: [{persona}]\n"
        "    owner: customer-success\n"
        "    customer_action: Shares the roadmap priorities of their team\n"
        "    emotion: 4\n"
        "    target_emotion: 4\n"
        "    feeling: engaged\n"
    )
    return head.rstrip("\n") + "\n\n" + new + sep + tail


def source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def generate(out: Path = DEFAULT_OUT, force: bool = False) -> Path:
    """Generate everything under `out` unless it is already up to date."""
    stamp = out / ".stamp"
    if not force and stamp.is_file() and stamp.read_text().strip() == source_hash():
        return out
    # Only what this generator makes: the same directory caches T6's logs (measure/), which
    # take minutes to make and have their own stamps.
    made = [*(f"ws-{name}" for name in SIZES), "ws-100k-changed", "ws-10k-changed", "render-1k"]
    for name in made:
        shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    for name, total in SIZES.items():
        workspace(out / f"ws-{name}", total, SEED)
    changed_copy(out / "ws-100k", out / "ws-100k-changed", SEED)
    changed_copy(out / "ws-10k", out / "ws-10k-changed", SEED)
    render = out / "render-1k"
    render.mkdir()
    (render / "cjm.yaml").write_text(config(max_per_stage=400, globs=False), encoding="utf-8")
    rng = random.Random(f"{SEED}-render")
    people = [(f"{_slug(TITLES[r][0])}-{n}", r) for n, r in enumerate(ROLES)]
    text = journey(rng, "big-journey-1k", 1000, people, None, "marketing-analytics SaaS")
    # Library ids do not resolve here: make those persona entries inline definitions.
    roles = dict(people)
    lines = []
    for line in text.split("\n"):
        if line.endswith("# from the persona library"):
            pid = line.split()[1]
            inline = _Writer()
            _persona_block(inline, rng, pid, roles[pid], "  ")
            lines += inline.lines
        else:
            lines.append(line)
    text = "\n".join(lines)
    (render / "journey-1k.yaml").write_text(text, encoding="utf-8")
    stamp.write_text(source_hash() + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="regenerate even if up to date")
    args = parser.parse_args(argv)
    out = generate(args.out, args.force)
    print(f"benchmark data in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
