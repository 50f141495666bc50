"""The audit hook keeps imports pointing one way: no app below privacy imports it (they call accounts.audit)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER_APPS = ["accounts", "notifications", "programmes", "matching", "meetings", "evaluation"]


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_app_below_privacy_imports_it():
    offenders = [
        str(path.relative_to(ROOT))
        for app in LOWER_APPS
        for path in (ROOT / app).rglob("*.py")
        if any(name == "privacy" or name.startswith("privacy.") for name in _imported_modules(path))
    ]
    assert not offenders
