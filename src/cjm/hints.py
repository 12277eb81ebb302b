"""Small helpers that make messages kind: "did you mean", slug suggestions, confusables."""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` was most likely meant to be, if any is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'owner'?' or ''."""
    match = closest(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def slugify(text: str, max_length: int = 128) -> str:
    """`Tomás' demo call` -> `tomas-demo-call`; "" when nothing of the text is ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary: "searches-best-seo-tools", not "searches-best-seo-to".
        cut = slug[:max_length].rsplit("-", 1)[0]
        slug = cut if cut else slug[:max_length]
    return slug


def confusables(text: str) -> str:
    """Describe non-ASCII characters in an id, which often look exactly like ASCII ones."""
    odd = [ch for ch in dict.fromkeys(text) if ord(ch) > 127]
    if not odd:
        return ""
    names = ", ".join(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'UNKNOWN')})" for ch in odd[:3])
    return f"; it contains non-ASCII characters that may look like ASCII ones: {names}"


def quote_list(items: Iterable[str], limit: int = 20) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


_DATE_PARTS = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")
# Fixed English names: `calendar.month_name` follows the process locale, messages must not.
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_problem(text: str) -> str:
    """What is wrong with a date written as text: "month 13 does not exist", "February 2027
    has 28 days", ... or "" when the text is not shaped like a date at all.

    The YAML reader leaves `2027-02-30` as text (it is no date), so "must be an ISO date"
    would tell someone who wrote an ISO date to write one; naming the impossible part does not.
    """
    match = _DATE_PARTS.match(text.strip())
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"month {month} does not exist (months are 01..12)"
    if day == 0:
        return "day 0 does not exist (days start at 01)"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"{_MONTHS[month - 1]} {year} has {days} days"
    if len(match.group(2)) < 2 or len(match.group(3)) < 2:
        return f"write the month and day with two digits: {year:04d}-{month:02d}-{day:02d}"
    return ""
