"""The README is the front door: every setting read from the environment is in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment_variables():
    names = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        if path.name == "test.py":  # the test run's own, not an operator's
            continue
        names |= set(re.findall(r'env\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
        names |= set(
            re.findall(r'environ(?:\.get)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text())
        )
    return names


def test_every_environment_variable_is_documented():
    readme = (ROOT / "README.md").read_text()
    names = environment_variables()
    assert "SECRET_KEY" in names and "ERASURE_JOURNAL" in names
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert missing == []
