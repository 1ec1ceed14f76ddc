"""Read an admin change form the way a browser does, so a test can post it back with changes.

Only what a browser would send: enabled fields, checked boxes, selected options, the inline formsets'
management forms; never the hidden ``__prefix__`` templates of new inline rows.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._select_multiple = False
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _keep(self, name: str | None, attrs: dict) -> bool:
        return bool(name and "__prefix__" not in name and "disabled" not in attrs)

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = dict(attrs_list)
        if tag == "form" and attrs.get("id") == self.form_id:
            self._in_form = True
            return
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and self._keep(name, attrs):
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and self._keep(name, attrs):
            self._select, self._select_multiple, self._first_option = name, "multiple" in attrs, None
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.data[self._select].append(value)
        elif tag == "textarea" and self._keep(name, attrs):
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select:
            if not self.data[self._select] and not self._select_multiple and self._first_option is not None:
                self.data[self._select] = [self._first_option]
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None


def admin_form_data(response, model_name: str) -> dict[str, list[str]]:
    """The data a browser would post back from the admin form of ``model_name`` on this page."""
    assert response.status_code == 200, response.status_code
    parser = _FormParser(f"{model_name}_form")
    parser.feed(response.content.decode())
    assert parser.data, f"no form {model_name}_form on the page"
    return parser.data
