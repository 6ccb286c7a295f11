"""pyproject.toml declares every package the code imports.

A package imported only through another package's dependencies works until that package drops
it; declaring it keeps ``pip install .`` honest. The portal's code (and the apps and backends
its settings name) must be covered by ``[project] dependencies``; tests by those and the
``test`` extra; benchmarks by any extra.
"""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
OWN = {"config", "portal", "accounts", "knowledge_base", "training", "search", "tests", "bench"}


def _name(requirement):
    return re.sub(r"[-_.]+", "-", re.split(r"[\[=<>~!; ]", requirement, maxsplit=1)[0]).lower()


def _declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    runtime = {_name(r) for r in project["dependencies"]}
    return {
        "code": runtime,
        "tests": runtime | {_name(r) for r in extras.get("test", [])},
        "bench": runtime | {_name(r) for group in extras.values() for r in group},
    }


def _imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _settings_modules():
    """Dotted paths the settings hand to Django: apps, middleware, backends."""
    paths = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]
    paths += [db["ENGINE"] for db in settings.DATABASES.values()]
    paths += [cache["BACKEND"] for cache in settings.CACHES.values()]
    paths += [backend["BACKEND"] for backend in getattr(settings, "TASKS", {}).values()]
    paths += [b["BACKEND"] for b in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).values()]
    return paths


def _project_files():
    """(path, kind) of every Python file of the project: code, tests or bench."""
    for path in sorted(ROOT.rglob("*.py")):
        top = path.relative_to(ROOT).parts[0]
        if top.startswith(".") or top in {"node_modules", "media"}:
            continue
        yield path, {"tests": "tests", "bench": "bench"}.get(top, "code")


def _undeclared(files, settings_modules=()):
    declared = _declared()
    distributions = packages_distributions()
    missing = {}

    def check(module, where, kind):
        top = module.split(".")[0]
        if top in OWN or top in sys.stdlib_module_names:
            return
        names = {_name(d) for d in distributions.get(top, [top])}
        if not names & declared[kind]:
            missing.setdefault(f"{top} ({', '.join(sorted(names))})", where)

    for path, kind in files:
        for module in _imported_modules(path):
            check(module, path.name, kind)
    for module in settings_modules:
        check(module, "settings", "code")
    return missing


def test_every_imported_package_is_declared_in_pyproject():
    assert _undeclared(_project_files(), _settings_modules()) == {}


def test_the_check_sees_an_undeclared_import(tmp_path):
    """The check fails on a package that arrives only as another's dependency."""
    module = tmp_path / "probe.py"
    module.write_text("from kombu import Connection\n")  # Celery's dependency, not declared
    found = _undeclared([(module, "code")])
    assert found == {"kombu (kombu)": "probe.py"}


def test_pinned_dependencies_match_the_lock():
    """An exact pin in pyproject.toml names the version requirements.lock installs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            lock[_name(name)] = version.strip()
    extras = project.get("optional-dependencies", {}).values()
    requirements = [*project["dependencies"], *(r for group in extras for r in group)]
    differing = {}
    for requirement in requirements:
        if "==" in requirement:
            version = requirement.split("==", 1)[1].split(";")[0].strip()
            if lock.get(_name(requirement)) != version:
                differing[requirement] = lock.get(_name(requirement))
    assert differing == {}
