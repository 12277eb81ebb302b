"""Bad input gets a clear finding at the right place: never a traceback, never a hang."""

from __future__ import annotations

import pytest

import cjm
from cjm.yamlread import parse_yaml

from .conftest import MINIMAL


def findings_for(path, **kw):
    ws = cjm.load_workspace(path, **kw)
    return [(f.line, f.column, f.code) for f in cjm.check_format(ws) if f.file.endswith(path.name)]


def messages_for(path):
    return [f.message for f in cjm.check_format(cjm.load_workspace(path)) if f.file.endswith(path.name)]


def test_a_valid_minimal_journey_has_no_findings(write):
    assert findings_for(write("minimal.yaml", MINIMAL)) == []


def test_prose_that_is_not_yaml_structure_is_reported_as_not_a_mapping(write):
    path = write("notes.yaml", "We should really map the onboarding journey at some point.\n")
    assert findings_for(path) == [(1, 1, "not-a-mapping")]


def test_a_top_level_scalar_is_not_a_journey(write):
    assert findings_for(write("n.yaml", "42\n")) == [(1, 1, "not-a-mapping")]


def test_duplicate_keys_name_both_positions(write):
    path = write("dup.yaml", MINIMAL + "title: Second title\n")
    assert findings_for(path) == [(13, 1, "duplicate-key")]
    assert "already set at line 3, column 1" in messages_for(path)[0]


def test_tabs_for_indentation_are_explained(write):
    path = write("tabs.yaml", "cjm: 1\ntouchpoints:\n\t- id: x\n")
    assert findings_for(path) == [(3, 1, "syntax-error")]
    assert "tabs" in messages_for(path)[0]


def test_a_utf8_bom_is_accepted_and_positions_stay_right(write):
    path = write("bom.yaml", b"\xef\xbb\xbf" + MINIMAL.replace("stages: b2b-7", "stages: b2b-8").encode())
    assert findings_for(path) == [(4, 9, "invalid-value")]


def test_crlf_line_endings_keep_positions_right(write):
    path = write(
        "crlf.yaml",
        MINIMAL.replace("name: Searches for tools", "name: Searches\n    emotion: 9").replace("\n", "\r\n").encode(),
    )
    assert findings_for(path) == [(13, 14, "invalid-value")]


def test_invalid_utf8_names_the_line_and_column_of_the_bad_byte(write):
    path = write("latin1.yaml", MINIMAL.encode() + "    owner: m\xe4rketing\n".encode("latin-1"))
    assert findings_for(path) == [(13, 13, "encoding")]
    assert "0xe4" in messages_for(path)[0]


def test_an_empty_file_is_reported(write):
    assert findings_for(write("empty.yaml", "")) == [(1, 1, "empty-file")]


def test_a_binary_file_is_reported_not_parsed(write):
    path = write("logo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert findings_for(path) == [(3, 1, "binary-file")]


def test_a_billion_laughs_alias_bomb_is_refused_before_it_expands(write):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    # Expanded, this is 3.5 billion strings: had the loader tried, the test would never end.
    result = parse_yaml("\n".join(lines) + "\n")
    assert [p.code for p in result.problems] == ["alias-limit"]
    assert result.data is None


def test_a_few_aliases_and_merge_keys_still_work():
    result = parse_yaml("base: &base {owner: sales, channel: web}\ntp:\n  <<: *base\n  channel: email\n")
    assert result.problems == []
    assert result.data["tp"] == {"owner": "sales", "channel": "email"}


def test_deep_nesting_is_refused_without_crashing_the_interpreter():
    # The C composer recurses and would crash on this; the event reader caps depth instead.
    result = parse_yaml("[" * 100_000 + "]" * 100_000)
    assert [p.code for p in result.problems] == ["nesting-too-deep"]


def test_a_huge_single_string_is_fine():
    result = parse_yaml("title: |\n" + "  line\n" * 100_000)
    assert result.problems == []
    assert result.data["title"].count("\n") == 100_000


def test_yaml_1_2_no_is_text_not_false():
    assert parse_yaml("feeling: no\nscore: 3\nwhen: 2026-10-01\n").data == {
        "feeling": "no",
        "score": 3,
        "when": __import__("datetime").date(2026, 10, 1),
    }


def test_object_constructing_tags_are_refused(write):
    path = write("tag.yaml", MINIMAL.replace("title: Minimal journey", "title: !!python/object/apply:os.system [ls]"))
    codes = [c for _, _, c in findings_for(path)]
    assert "unsupported-tag" in codes


def test_a_file_over_the_size_limit_is_refused_unread(write):
    path = write("big.yaml", MINIMAL + "# " + "x" * 3000 + "\n")
    assert findings_for(path, max_file_mb=0.002) == [(1, 1, "file-too-large")]
    assert cjm.load_workspace(path, max_file_mb=0.002).unreadable


def test_the_size_limit_comes_from_cjm_yaml(write):
    write("cjm.yaml", "cjm: 1\nmax_file_mb: 0.001\n")
    path = write("j.yaml", MINIMAL + "# " + "x" * 2000 + "\n")
    assert findings_for(path) == [(1, 1, "file-too-large")]


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16 (little-endian)"),  # Notepad's "Unicode": a BOM, then LE pairs
        ("utf-16-be", "UTF-16 (big-endian)"),  # no BOM: told by where the NUL bytes fall
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_files_are_told_to_be_saved_as_utf8(write, encoding, named):
    path = write("unicode.yaml", MINIMAL.encode(encoding))
    assert findings_for(path) == [(1, 1, "encoding")]
    assert messages_for(path)[0].startswith(f"file is {named} text")
    assert "save it as UTF-8" in messages_for(path)[0]


def test_a_control_character_is_reported_where_it_is(write):
    lines = MINIMAL.splitlines(keepends=True)
    lines[3] = "stages: b2b-7 \x7f\n"
    path = write("del.yaml", "".join(lines))
    assert findings_for(path) == [(4, 15, "syntax-error")]
    assert "U+007F" in messages_for(path)[0]


def test_a_control_character_after_crlf_lines_is_reported_where_it_is(write):
    text = MINIMAL.replace("\n", "\r\n").replace("Searches for tools", "Searches \x01 for tools")
    path = write("ctl.yaml", text.encode())
    assert findings_for(path) == [(12, 20, "syntax-error")]


def test_a_link_to_a_directory_already_read_is_not_a_loop(write, tmp_path):
    """pytest-current, `latest` and similar links point at a sibling: read once, no warning."""
    write("runs/2026-12/minimal.yaml", MINIMAL)
    (tmp_path / "runs" / "latest").symlink_to(tmp_path / "runs" / "2026-12", target_is_directory=True)
    ws = cjm.load_workspace(tmp_path)
    assert [f.code for f in cjm.check_format(ws)] == []
    assert len(ws.files) == 1


def test_a_directory_with_a_symlink_loop_does_not_hang(write, tmp_path):
    write("journeys/minimal.yaml", MINIMAL)
    (tmp_path / "journeys" / "again").symlink_to(tmp_path / "journeys", target_is_directory=True)
    ws = cjm.load_workspace(tmp_path)
    codes = [f.code for f in cjm.check_format(ws)]
    assert codes == ["symlink-loop"]
    assert [f.path for f in ws.files] == [tmp_path / "journeys" / "minimal.yaml"]


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    import pytest

    from cjm.errors import UserError

    with pytest.raises(UserError, match="no such file or directory"):
        cjm.load_workspace(tmp_path / "missing.yaml")
