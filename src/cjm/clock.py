"""Today's date, the one clock cjm reads (the stale-review rule, `cjm init`'s `reviewed:`).

`SOURCE_DATE_EPOCH` (https://reproducible-builds.org/specs/source-date-epoch/), when set,
fixes it: CI jobs and docs builds then give the same findings and files on any day.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import UserError


def today() -> dt.date:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        # The spec asks tools to fail on a malformed value rather than guess.
        raise UserError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970-01-01 UTC; fix or unset it"
        ) from None
