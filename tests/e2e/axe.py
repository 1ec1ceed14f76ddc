"""axe-core in the browser tests: WCAG 2.1 A/AA rules, failing with a readable list of violations.

The axe-core copy is the one shipped inside the PyPI package axe-playwright-python (nothing is
downloaded). It is injected with ``page.evaluate`` because the portal's CSP (script-src 'self')
blocks ``add_script_tag``; DevTools evaluation is not subject to the page's CSP.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import axe_playwright_python

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    if not path.is_file():
        raise FileNotFoundError(f"axe-core is missing from axe-playwright-python: {path}")
    return path.read_text(encoding="utf-8")


def axe_version() -> str:
    first_line = axe_source().split("\n", 1)[0]  # "/*! axe v4.12.1"
    return first_line.removeprefix("/*! axe").strip()


def run_axe(page: Any, *, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations (axe's own dicts)."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate("options => window.axe.run(document, options)", options)
    return results["violations"]


def format_violations(violations: list[dict[str, Any]], *, where: str) -> str:
    nodes = sum(len(v["nodes"]) for v in violations)
    lines = [f"axe-core {axe_version()}: {len(violations)} WCAG 2.1 A/AA rule(s), {nodes} element(s), on {where}"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(_selector(part) for part in node["target"])
            html = " ".join(node.get("html", "").split())
            if len(html) > 160:
                html = html[:157] + "..."
            lines.append(f"    * {target}  {html}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def _selector(part: Any) -> str:
    # axe gives a list of selectors per node; a nested list means "inside a shadow root / iframe".
    return " >> ".join(part) if isinstance(part, list) else str(part)


def assert_accessible(page: Any, label: str = "", *, tags: list[str] | None = None) -> None:
    """Fail the test if axe-core finds any WCAG 2.1 A/AA violation on the current page."""
    violations = run_axe(page, tags=tags)
    if violations:
        where = f"{label} ({page.url})" if label else page.url
        raise AssertionError(format_violations(violations, where=where))
