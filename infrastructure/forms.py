"""Form fields every app uses for text a person types."""

from __future__ import annotations

import re
from typing import Any

from django import forms

# Control characters other than tab and newlines never belong in typed text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainTextField(forms.CharField):
    """Text typed by a person: control characters (other than tab and newlines) removed, then stripped,
    so that text of only such characters counts as empty for ``required``."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = CONTROL_CHARACTERS.sub("", value)
        return super().to_python(value)
