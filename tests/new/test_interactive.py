"""In a terminal, `cjm new` asks for what is missing: the real binary under a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

from cjm.validate import validate
from cjm.workspace import load_paths

from ..conftest import EXAMPLES
from .conftest import CJM, added_lines, run_cjm

TIMEOUT = 120.0  # a deadline for a prompt to appear, not an expected duration
# The research questions after the emotion, each answered with Enter to leave its field out.
SKIPPED_RESEARCH = (
    "Feeling, in a word (e.g. anxious) (Enter to skip): ",
    "Pain point (Enter to skip): ",
    "Opportunity (Enter to skip): ",
    "(Enter to skip): ",  # next touchpoints, after the list of ids
)


class Terminal:
    """Runs cjm with a pseudo-terminal as stdin/stdout/stderr and answers its prompts."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.master, slave = pty.openpty()
        command = [CJM] if CJM else [sys.executable, "-m", "cjm"]
        self.proc = subprocess.Popen(
            [*command, *args],
            cwd=cwd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
            close_fds=True,
        )
        os.close(slave)
        self.screen = ""

    def expect(self, text: str) -> str:
        """Read until `text` appears (never longer than TIMEOUT), return what was read."""
        deadline = time.monotonic() + TIMEOUT
        while text not in self.screen:
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting for {text!r}; screen so far:\n{self.screen}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child exited and closed the terminal
                    chunk = b""
                assert chunk, f"cjm exited before showing {text!r}; screen:\n{self.screen}"
                self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return self.screen

    def answer(self, prompt: str, reply: str) -> None:
        self.expect(prompt)
        self.screen = self.screen[self.screen.index(prompt) + len(prompt) :]
        os.write(self.master, reply.encode() + b"\r")

    def finish(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
                if not chunk:
                    break
            elif self.proc.poll() is not None:
                break
        try:
            return self.proc.wait(timeout=TIMEOUT)
        finally:
            os.close(self.master)


def test_the_touchpoint_wizard_asks_shows_choices_and_re_asks_after_a_wrong_answer(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_text()
    term = Terminal("new", "touchpoint", "journeys/saas-subscription.yaml", cwd=workspace)

    shown = term.expect("Stage [")
    term.answer("Stage [awareness, consideration, decision, onboarding, support, retention, advocacy]: ", "onbording")
    assert "did you mean 'onboarding'?" in term.expect("Stage [")
    term.answer("]: ", "onboarding")
    term.answer("Name (what happens, from the customer's side): ", "Invites the analysts to the workspace")
    assert "webinar" in term.expect("(Enter to skip): ")  # the workspace's extra channel is offered
    term.answer("(Enter to skip): ", "email")
    term.answer(
        "Personas (comma-separated) [head-of-marketing, marketing-analyst, marketing-ops-manager, vp-sales] (Enter to skip): ",
        "marketing-ops-manager, marketing-analyst",
    )
    # The example workspace makes missing-owner an error: Enter writes a placeholder, not nothing.
    term.answer(
        "Owner (department) (Enter for the placeholder 'todo': missing-owner is an error in this workspace): ", ""
    )
    term.answer("Customer action (what they do, from their side) (Enter to skip): ", "")
    term.answer("Emotion 1..5 (Enter to skip): ", "4")
    for question in SKIPPED_RESEARCH:  # Enter leaves a field out
        term.answer(question, "")
    status = term.finish()

    assert status == 0, shown + term.screen
    assert "added touchpoint 'invites-the-analysts-to-the-workspace' to journeys/saas-subscription.yaml:" in term.screen
    assert (
        "replace the placeholders (owner 'todo'): this workspace makes this rule an error: missing-owner" in term.screen
    )
    assert [line for line in added_lines(before, journey.read_text()) if line.strip()] == [
        "  - id: invites-the-analysts-to-the-workspace\n",
        "    stage: onboarding\n",
        "    name: Invites the analysts to the workspace\n",
        "    channel: email\n",
        "    personas: [marketing-ops-manager, marketing-analyst]\n",
        "    owner: todo\n",
        "    emotion: 4\n",
    ]
    assert validate(load_paths([journey])[0], lint=False) == []


def test_given_flags_are_not_asked_again(workspace: Path):
    library = workspace / "personas" / "buying-committee.yaml"
    term = Terminal("new", "persona", str(library), "--name", "Zoe, CFO", cwd=workspace)
    term.answer(
        "Role [economic-buyer, technical-evaluator, end-user, implementer, executive-sponsor, influencer, champion, procurement]: ",
        "economic-buyer",
    )
    term.answer("(Enter to skip): ", "")
    assert term.finish() == 0, term.screen
    assert "Name" not in term.screen
    assert "  - id: zoe-cfo\n    name: Zoe, CFO\n    role: economic-buyer\n" in library.read_text()


def test_end_of_input_at_a_prompt_cancels_without_writing(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    before = journey.read_bytes()
    term = Terminal("new", "action", str(journey), cwd=workspace)
    term.expect("Title: ")
    os.write(term.master, b"\x04")  # Ctrl-D
    assert term.finish() == 130, term.screen
    assert "cancelled; nothing was written" in term.screen
    assert "Traceback" not in term.screen
    assert journey.read_bytes() == before


def test_no_input_turns_the_prompts_off_even_in_a_terminal(workspace: Path):
    journey = workspace / "journeys" / "saas-subscription.yaml"
    term = Terminal("new", "touchpoint", str(journey), "--no-input", cwd=workspace)
    assert term.finish() == 2
    assert "missing --stage" in term.screen


def test_the_journey_wizard_offers_the_shared_stage_models_of_cjm_yaml(workspace: Path):
    term = Terminal("new", "journey", "journeys/renewal.yaml", cwd=workspace)
    term.answer("Title", "Managed services renewal")
    term.expect("Stage model (Enter for b2b-7)")
    assert "managed-services" in term.screen  # examples/cjm.yaml `stage_models:`
    term.answer("Stage model (Enter for b2b-7)", "managed-servces")
    term.answer("did you mean 'managed-services'?", "managed-services")
    assert term.finish() == 0, term.screen
    text = (workspace / "journeys" / "renewal.yaml").read_text(encoding="utf-8")
    assert "stages: managed-services\n" in text
    assert "    stage: handover\n" in text
    assert validate(load_paths([workspace / "journeys" / "renewal.yaml"])[0], lint=False) == []


RESEARCHED = "journeys/account-management-current.yaml"


def walk_through_a_technician_visit(term: Terminal, *, next_ids: str) -> None:
    """A researcher's whole answer set for one touchpoint, in the order the wizard asks."""
    term.answer("]: ", "handover")  # Stage [...]
    term.answer("Name (what happens, from the customer's side): ", "Technician visit")
    term.answer("(Enter to skip): ", "in-person")  # Channel [...]
    term.answer("(Enter to skip): ", "it-service-manager")  # Personas (comma-separated) [...]
    term.answer("Owner (department) (Enter for the placeholder 'todo': missing-owner is an error", "field-service")
    term.answer("Customer action (what they do, from their side) (Enter to skip): ", "Waits at the gate")
    term.answer("Emotion 1..5 (Enter to skip): ", "2")
    term.answer("Feeling, in a word (e.g. anxious) (Enter to skip): ", "anxious")
    # A prose list: one item a question, commas kept; Enter ends it.
    term.answer("Pain point (Enter to skip): ", "Nobody says when the technician comes, or who")
    term.answer("Another pain point (Enter when done): ", "QBR happens twice a year, not quarterly")
    term.answer("Another pain point (Enter when done): ", "")
    term.answer("Opportunity (Enter to skip): ", "Text the arrival time")
    term.answer("Another opportunity (Enter when done): ", "")
    term.expect("Next touchpoints (ids, comma-separated) [welcome-email, kickoff-meeting, ")
    term.answer("(Enter to skip): ", next_ids)


def test_the_touchpoint_wizard_writes_exactly_what_the_same_flags_write(workspace: Path, tmp_path: Path):
    flagged = tmp_path / "flagged"
    shutil.copytree(workspace, flagged)
    term = Terminal("new", "touchpoint", RESEARCHED, cwd=workspace)
    walk_through_a_technician_visit(term, next_ids="kickoff-meeting, contract-handover-pack")
    assert term.finish() == 0, term.screen

    result = run_cjm(
        "new", "touchpoint", RESEARCHED,
        "--stage", "handover",
        "--name", "Technician visit",
        "--channel", "in-person",
        "--persona", "it-service-manager",
        "--owner", "field-service",
        "--customer-action", "Waits at the gate",
        "--emotion", "2",
        "--feeling", "anxious",
        "--pain-point", "Nobody says when the technician comes, or who",
        "--pain-point", "QBR happens twice a year, not quarterly",
        "--opportunity", "Text the arrival time",
        "--next", "kickoff-meeting,contract-handover-pack",
        cwd=flagged,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    asked, given = (workspace / RESEARCHED).read_bytes(), (flagged / RESEARCHED).read_bytes()
    assert asked == given
    before = (EXAMPLES / RESEARCHED).read_text(encoding="utf-8")
    assert added_lines(before, asked.decode()) == [
        "\n",
        "  - id: technician-visit\n",
        "    stage: handover\n",
        "    name: Technician visit\n",
        "    channel: in-person\n",
        "    personas: [it-service-manager]\n",
        "    owner: field-service\n",
        "    customer_action: Waits at the gate\n",
        "    emotion: 2\n",
        "    feeling: anxious\n",
        "    pain_points:\n",
        "      - Nobody says when the technician comes, or who\n",
        "      - QBR happens twice a year, not quarterly\n",
        "    opportunities:\n",
        "      - Text the arrival time\n",
        "    next: [kickoff-meeting, contract-handover-pack]\n",
    ]
    assert validate(load_paths([workspace / RESEARCHED])[0], lint=False) == []


def test_a_wrong_answer_gets_the_flags_message_and_is_asked_again(workspace: Path):
    flag_errors = {
        flags: run_cjm("new", "touchpoint", RESEARCHED, "--stage", "handover", "--name", "x", *flags, cwd=workspace)
        for flags in (("--emotion", "7"), ("--next", "kickof-meeting"))
    }
    term = Terminal("new", "touchpoint", RESEARCHED, cwd=workspace)
    term.answer("]: ", "handover")
    term.answer("Name (what happens, from the customer's side): ", "Technician visit")
    for _ in range(3):  # channel, personas, owner
        term.answer("): ", "")
    term.answer("Customer action (what they do, from their side) (Enter to skip): ", "")
    term.answer("Emotion 1..5 (Enter to skip): ", "7")
    wrong_emotion = term.expect("Emotion 1..5 (Enter to skip): ")
    term.answer("Emotion 1..5 (Enter to skip): ", "2")
    term.answer("Feeling, in a word (e.g. anxious) (Enter to skip): ", "")
    term.answer("Pain point (Enter to skip): ", "")
    term.answer("Opportunity (Enter to skip): ", "")
    term.answer("(Enter to skip): ", "kickof-meeting")  # Next touchpoints [...]
    wrong_next = term.expect("(Enter to skip): ")
    term.answer("(Enter to skip): ", "kickoff-meeting")
    assert term.finish() == 0, term.screen

    for flags, screen in ((("--emotion", "7"), wrong_emotion), (("--next", "kickof-meeting"), wrong_next)):
        result = flag_errors[flags]
        assert result.returncode == 2
        message = result.stderr.removeprefix("cjm: error: ").strip()
        assert f"  {message}\n" in screen
    assert "did you mean 'kickoff-meeting'?" in wrong_next
    assert "    emotion: 2\n    next: [kickoff-meeting]\n" in (workspace / RESEARCHED).read_text()


def test_research_fields_given_as_flags_are_not_asked(workspace: Path):
    term = Terminal(
        "new", "touchpoint", RESEARCHED,
        "--customer-action", "Waits at the gate",
        "--feeling", "anxious",
        "--pain-point", "Nobody says when",
        "--opportunity", "Text the arrival time",
        "--next", "kickoff-meeting",
        cwd=workspace,
    )  # fmt: skip
    term.answer("]: ", "handover")
    term.answer("Name (what happens, from the customer's side): ", "Technician visit")
    for _ in range(3):  # channel, personas, owner
        term.answer("): ", "")
    term.answer("Emotion 1..5 (Enter to skip): ", "3")
    assert term.finish() == 0, term.screen

    for question in ("Customer action", "Feeling", "Pain point", "Opportunity", "Next touchpoints"):
        assert question not in term.screen
    text = (workspace / RESEARCHED).read_text()
    assert "    customer_action: Waits at the gate\n    emotion: 3\n    feeling: anxious\n" in text
    assert "    next: [kickoff-meeting]\n" in text


def test_enter_says_when_it_writes_a_placeholder_a_failing_rule_needs(workspace: Path):
    config = workspace / "cjm.yaml"
    config.write_text(
        config.read_text() + "    customer-voice: error\n    unexplained-low: error\n    unaddressed-pain: error\n"
    )
    term = Terminal("new", "touchpoint", RESEARCHED, "--stage", "handover", cwd=workspace)
    term.answer("Name (what happens, from the customer's side): ", "Second visit")
    for _ in range(3):  # channel, personas, owner
        term.answer("): ", "")
    term.answer(
        "Customer action (what they do, from their side) "
        "(Enter for the placeholder 'TODO: ...': customer-voice is an error in this workspace): ",
        "",
    )
    term.answer("Emotion 1..5 (Enter to skip): ", "2")  # low: unexplained-low asks for a pain point
    term.answer("Feeling, in a word (e.g. anxious) (Enter to skip): ", "")
    term.answer(
        "Pain point (Enter for the placeholder 'TODO: ...': unexplained-low is an error in this workspace): ", ""
    )
    term.answer(
        "Opportunity (Enter for the placeholder 'TODO: ...': unaddressed-pain is an error in this workspace): ", ""
    )
    term.answer("(Enter to skip): ", "")  # next touchpoints
    assert term.finish() == 0, term.screen

    assert (
        "replace the placeholders (owner 'todo', customer_action 'TODO: ...', pain_points 'TODO: ...', " in term.screen
    )
    text = (workspace / RESEARCHED).read_text()
    assert (
        '    customer_action: "TODO: what the customer does here, from their side"\n'
        "    emotion: 2\n"
        "    pain_points:\n"
        '      - "TODO: what makes this moment hurt"\n'
        "    opportunities:\n"
        '      - "TODO: what could be done about it"\n'
    ) in text
