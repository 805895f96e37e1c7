"""Every package the application imports is declared in pyproject.toml.

A package that is only there because another one pulls it in can vanish
with that package's next release; the site must name what it uses.
"""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = ["config", *settings.PROJECT_APPS]
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(section=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = (
        project["dependencies"]
        if section is None
        else project["optional-dependencies"][section]
    )
    return {normalise(NAME.match(line).group(1)) for line in requirements}


def imported_modules(folders):
    """{top-level module: first file importing it} for absolute imports."""
    found = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path.relative_to(ROOT))
    return found


def undeclared(folders, allowed):
    local = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    for folder in folders:  # scripts run from their folder import their siblings
        local |= {path.stem for path in (ROOT / folder).glob("*.py")}
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module, where in imported_modules(folders).items():
        if module in sys.stdlib_module_names or module in local:
            continue
        names = {normalise(d) for d in distributions.get(module, [module])}
        if not names & allowed:
            missing[module] = str(where)
    return missing


def test_application_code_imports_only_declared_packages():
    assert undeclared(APPLICATION, declared()) == {}


def test_installed_apps_come_from_declared_packages():
    distributions = importlib.metadata.packages_distributions()
    local = set(APPLICATION)
    missing = []
    for app in settings.INSTALLED_APPS:
        module = app.split(".")[0]
        if module in local or module in sys.stdlib_module_names:
            continue
        names = {normalise(d) for d in distributions.get(module, [module])}
        if not names & declared():
            missing.append(app)
    assert missing == []


def test_tests_and_benchmarks_import_only_declared_packages():
    allowed = declared() | declared("dev")
    assert undeclared(["tests", "bench"], allowed) == {}


def test_the_check_catches_an_undeclared_import(tmp_path, monkeypatch):
    """The checker itself: a module importing requests without declaring it."""
    assert "requests" in undeclared(["newsletter"], declared() - {"requests"})
