"""Quoting policy: plain where YAML 1.2 and 1.1 read the text back unchanged, else quoted."""

from __future__ import annotations

import re

from ..yamlread import resolve_plain

_YAML11_SPECIAL = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<"
    r"|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))"
    r"|\.(?:nan|NaN|NAN))\Z"
)
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_FLOW_INDICATORS = ",[]{}"
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _printable(s: str) -> bool:
    return all(ch.isprintable() and ch != "\xa0" for ch in s)


def _plain_ok(s: str, flow: bool) -> bool:
    """True if `s` written without quotes reads back as the same string everywhere."""
    if not s or s != s.strip(" ") or not _printable(s):
        return False
    first = s[0]
    if first in _INDICATORS and not (first in "-?:" and len(s) > 1 and s[1] != " " and s[1] not in _FLOW_INDICATORS):
        return False
    if ": " in s or " #" in s or s.endswith(":") or s.startswith(("---", "...")):
        return False
    # In flow context libyaml (the C parser cjm reads with) refuses any ':' inside a plain
    # scalar, although YAML 1.2 allows one that is not followed by a space.
    if flow and (any(ch in _FLOW_INDICATORS for ch in s) or ":" in s):
        return False
    return resolve_plain(s) == s and not _YAML11_SPECIAL.match(s)


def quote(s: str, *, flow: bool = False) -> str:
    """A string in cjm's quoting policy (see the module docstring)."""
    if _plain_ok(s, flow):
        return s
    if ('"' in s or "\\" in s) and _printable(s):
        return "'" + s.replace("'", "''") + "'"
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'
