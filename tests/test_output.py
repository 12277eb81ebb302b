"""Replacing a user's file (`cjm fmt`, `cjm new`): atomic, keeps what the file was, never
overwrites an edit made meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.output import FileChanged, replace_file


def test_a_replaced_file_keeps_its_permissions_and_leaves_no_temp_file(tmp_path: Path) -> None:
    journey = tmp_path / "journey.yaml"
    journey.write_text("cjm: 1\n")
    journey.chmod(0o640)
    replace_file(journey, b"cjm: 1\nid: x\n", expected=b"cjm: 1\n")
    assert journey.read_bytes() == b"cjm: 1\nid: x\n"
    assert journey.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["journey.yaml"]


def test_a_symlink_keeps_pointing_at_the_replaced_file(tmp_path: Path) -> None:
    real = tmp_path / "maps" / "journey.yaml"
    real.parent.mkdir()
    real.write_text("cjm: 1\n")
    link = tmp_path / "journey.yaml"
    link.symlink_to(real)
    replace_file(link, b"cjm: 1\nid: x\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"cjm: 1\nid: x\n"


def test_an_edit_made_meanwhile_is_never_overwritten(tmp_path: Path) -> None:
    journey = tmp_path / "journey.yaml"
    journey.write_text("cjm: 1\nid: edited-in-the-editor\n")
    with pytest.raises(FileChanged, match="changed while cjm was working on it; nothing was written"):
        replace_file(journey, b"cjm: 1\nid: x\n", expected=b"cjm: 1\n")
    assert journey.read_text() == "cjm: 1\nid: edited-in-the-editor\n"
