"""Template hygiene that Django does not check itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")) + sorted(
    Path(settings.BASE_DIR, "templates").rglob("*.txt")
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_comments_close_on_their_own_line(path: Path):
    # A {# … #} comment is single-line in Django: one that runs on is printed on the page as text.
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        rest = line
        while "{#" in rest:
            rest = rest[rest.index("{#") + 2 :]
            assert "#}" in rest, f"{path.name}:{number} opens {{# without closing it on the same line"
            rest = rest[rest.index("#}") + 2 :]
