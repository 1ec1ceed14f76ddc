"""Reading database ids from request input.

``str.isdigit()`` and ``int()`` accept far more than an id: superscripts ("²" passes ``isdigit`` and
then fails ``int``), other scripts' digits ("٣" is 3), signs, spaces, underscores and numbers too long
for ``int`` or for a bigint column. Each of those ended as a 500 or, worse, as a different row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Positive, plain ASCII decimal, at most 19 digits: the range of a PostgreSQL bigint.
_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """The id ``value`` spells in plain ASCII digits (1 … 2**63 - 1), or None for anything else."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The valid ids among ``values``, in order, without repeats; the rest is dropped."""
    return list(dict.fromkeys(number for number in map(parse_id, values) if number is not None))
