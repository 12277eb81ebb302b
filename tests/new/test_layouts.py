"""Hand-written files keep every byte: other indentations, CRLF, BOM, `---`, odd scalars.

A round-trip dump of the whole document would re-indent, normalise line endings and drop
the BOM; `cjm new` splices the entity in instead, so these files also change by added lines only.
"""

from __future__ import annotations

import os
import stat
import textwrap
from pathlib import Path

from cjm.workspace import load_paths

from .conftest import EXAMPLES, added_lines, run_cjm

FLUSH = textwrap.dedent(
    """\
    ---
    # Flush sequences (dash at column 0), as yamllint's default style and many editors write them.
    cjm: 1
    id: field-service
    title:   Field service, first call to renewal   # extra spaces are kept
    stages: b2b-5
    personas:
    - id: plant-manager
      name: Petra, Plant Manager
      role: economic-buyer
    touchpoints:
    - id: breakdown-call
      stage: awareness
      name: Calls the hotline after a breakdown
    - id: site-visit
      stage: implementation
      name: Technician visits the site
      description: |+
        Notes kept with their trailing blank line

    actions: [ ]
    """
)


def touchpoints(path: Path) -> list[dict[str, object]]:
    journey = load_paths([path])[0].target_files[0].journey
    assert journey is not None
    return [t.model_dump(exclude_defaults=True) for t in journey.touchpoints]


def test_flush_sequences_get_a_flush_item_and_nothing_else_moves(write):
    path = write("field-service.yaml", FLUSH)
    old = touchpoints(path)
    result = run_cjm(
        "new", "touchpoint", str(path), "--stage", "implementation", "--name", "Receives the service report",
        cwd=path.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    added = added_lines(FLUSH, path.read_text())
    assert [line for line in added if line.strip()] == [
        "- id: receives-the-service-report\n",
        "  stage: implementation\n",
        "  name: Receives the service report\n",
    ]
    # The keep-chomped block scalar still ends with its blank line.
    assert touchpoints(path)[:2] == old
    assert old[1]["description"] == "Notes kept with their trailing blank line\n\n"


def test_crlf_line_endings_and_a_bom_are_kept(write):
    raw = b"\xef\xbb\xbf" + FLUSH.replace("\n", "\r\n").encode()
    path = write("field-service.yaml", raw)
    result = run_cjm(
        "new", "persona", str(path), "--name", "Omar, Maintenance Lead", "--role", "end-user", cwd=path.parent
    )
    assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    assert after.count(b"\n") == after.count(b"\r\n")  # no bare LF crept in
    assert [line for line in added_lines(raw.decode(), after.decode()) if line.strip()] == [
        "- id: omar-maintenance-lead\r\n",
        "  name: Omar, Maintenance Lead\r\n",
        "  role: end-user\r\n",
    ]


def test_an_empty_flow_list_becomes_a_block_list_in_one_changed_line(write):
    path = write("field-service.yaml", FLUSH)
    result = run_cjm(
        "new", "action", str(path), "--title", "Remote diagnosis", "--addresses", "breakdown-call", cwd=path.parent
    )
    assert result.returncode == 0, result.stderr
    assert path.read_text() == FLUSH.replace(
        "actions: [ ]\n", "actions:\n- id: remote-diagnosis\n  title: Remote diagnosis\n  addresses: [breakdown-call]\n"
    )


def test_a_non_empty_flow_list_is_refused_and_left_alone(write):
    text = FLUSH.replace("    actions: [ ]", "").replace(
        "personas:\n- id: plant-manager", "personas: [{id: plant-manager"
    )
    text = text.replace("  name: Petra, Plant Manager\n  role: economic-buyer\n", "}]\n")
    path = write("flow.yaml", text)
    before = path.read_bytes()
    result = run_cjm("new", "persona", str(path), "--name", "Omar", "--role", "end-user", cwd=path.parent)
    assert result.returncode == 2
    assert "cannot add to `personas:` without changing the rest of the file" in result.stderr
    assert path.read_bytes() == before


def test_permissions_are_kept_and_a_symlink_stays_a_symlink(workspace: Path):
    real = workspace / "journeys" / "saas-subscription.yaml"
    os.chmod(real, 0o640)
    link = workspace / "journeys" / "current.yaml"
    link.symlink_to(real.name)
    result = run_cjm(
        "new", "touchpoint", str(link), "--stage", "support", "--name", "Reads the status page", cwd=workspace
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert "  - id: reads-the-status-page\n" in real.read_text()
    assert not list(real.parent.glob(".*.tmp"))  # no temp file left behind


def test_a_file_with_a_syntax_error_is_refused_with_its_position_and_untouched(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes((EXAMPLES / "invalid" / "syntax-error.yaml").read_bytes())
    before = broken.read_bytes()
    result = run_cjm("new", "touchpoint", str(broken), "--stage", "awareness", "--name", "X", cwd=tmp_path)
    assert result.returncode == 2
    assert "cjm: error: broken.yaml has errors; fix them first (the file was left untouched):" in result.stderr
    assert "broken.yaml:8:12: syntax-error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert broken.read_bytes() == before


def test_an_alias_bomb_is_refused_before_any_yaml_library_expands_it(tmp_path: Path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_bytes((EXAMPLES / "invalid" / "alias-bomb.yaml").read_bytes())
    result = run_cjm("new", "persona", str(bomb), "--name", "X", "--role", "end-user", cwd=tmp_path)
    assert result.returncode == 2
    assert "alias-limit" in result.stderr


def test_a_missing_file_or_a_directory_is_a_usage_error(tmp_path: Path):
    missing = run_cjm("new", "touchpoint", "nope.yaml", "--stage", "a", "--name", "b", cwd=tmp_path)
    assert missing.returncode == 2
    assert "nope.yaml: no such file; create a journey first with `cjm new journey`" in missing.stderr
    directory = run_cjm("new", "touchpoint", ".", "--stage", "a", "--name", "b", cwd=tmp_path)
    assert directory.returncode == 2
    assert "not a file" in directory.stderr
