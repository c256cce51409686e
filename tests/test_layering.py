"""Layering you can check: no cycle of imports among our modules, every module
imports, and view modules leave queries to the services. The import direction itself
is the import-linter contract in `.importlinter`, which `make test` runs
(`lint-imports`); see docs/decisions/0007-formats-channels-and-layers.md.

A module that imports only after some other module was imported first is part of a
cycle (`surveybuilder.public.get_involved` once failed this way). So every module is
imported once, in one fresh interpreter, while each import statement that runs during
a module's own import is recorded as an arrow from that module to what it names; any
cycle among those arrows fails. This refuses every cycle, including one that happens
to work in today's import order, and takes seconds: importing each module alone in
its own forked interpreter, as this check used to, cost over a minute of the fast
suite. Imports inside functions run later and are not arrows; `from package import
submodule` is an arrow to the submodule, not to the package's `__init__`.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("surveybuilder", "easyread")
# Database migrations are scripts Alembic loads by path, not modules to import.
NOT_MODULES = ("surveybuilder/migrations/",)
VIEW_PACKAGES = ("surveybuilder/editor", "surveybuilder/public", "surveybuilder/respond",
                 "surveybuilder/auth")


def _modules(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative.startswith(NOT_MODULES):
                continue
            parts = relative.removesuffix(".py").split("/")
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _modules()

# Run in a fresh interpreter: argv[1] is the JSON list of our top-level packages, the
# rest are the modules to import. Prints {"errors": {module: its error, or ""},
# "arrows": {module: [modules of ours its import statements named while it ran]}}.
RECORD_IMPORTS = r"""
import builtins, importlib, importlib.machinery, json, sys, traceback
ours_packages = tuple(json.loads(sys.argv[1]))
modules = sys.argv[2:]
running = []
arrows = {}

def ours(name):
    return name.split(".")[0] in ours_packages

def absolute(name, importer_globals, level):
    if not level:
        return name
    base = (importer_globals or {}).get("__package__") or ""
    if level > 1:
        base = base.rsplit(".", level - 1)[0]
    return f"{base}.{name}" if name else base

real_import = builtins.__import__

def recording_import(name, globals=None, locals=None, fromlist=(), level=0):
    try:
        return real_import(name, globals, locals, fromlist, level)
    finally:  # an import that failed is an arrow too: it may be the cycle
        importer = (globals or {}).get("__name__")
        target = absolute(name, globals, level)
        if running and running[-1] == importer and ours(importer) and ours(target):
            named = arrows.setdefault(importer, set())
            submodules = {f"{target}.{item}" for item in fromlist or ()
                          if f"{target}.{item}" in sys.modules}
            named.update(submodules)
            if not fromlist or len(submodules) < len(fromlist):
                named.add(target)

real_exec = importlib.machinery.SourceFileLoader.exec_module

def exec_module(loader, module):
    running.append(module.__name__)
    try:
        return real_exec(loader, module)
    finally:
        running.pop()

importlib.machinery.SourceFileLoader.exec_module = exec_module
builtins.__import__ = recording_import
errors = {}
for name in modules:
    try:
        importlib.import_module(name)
        errors[name] = ""
    except BaseException:
        errors[name] = traceback.format_exc().strip().splitlines()[-1]
print(json.dumps({"errors": errors,
                  "arrows": {name: sorted(named) for name, named in arrows.items()}}))
"""


def _import_all(modules: list[str], root: Path = ROOT,
                packages: tuple[str, ...] = PACKAGES) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", RECORD_IMPORTS, json.dumps(packages),
                           *modules], cwd=root, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _cycles(arrows: dict[str, list[str]]) -> list[list[str]]:
    """The groups of modules that reach each other through arrows (Tarjan's strongly
    connected components, iteratively), each group sorted."""
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(arrows):
        if start in order:
            continue
        pending = [(start, iter(arrows.get(start, ())))]
        order[start] = lowest[start] = len(order)
        stack.append(start)
        while pending:
            module, following = pending[-1]
            step = next(following, None)
            if step is None:
                pending.pop()
                if pending:
                    parent = pending[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[module])
                if lowest[module] == order[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1 or module in arrows.get(module, ()):
                        found.append(sorted(group))
            elif step not in order:
                order[step] = lowest[step] = len(order)
                stack.append(step)
                pending.append((step, iter(arrows.get(step, ()))))
            elif step in stack:
                lowest[module] = min(lowest[module], order[step])
    return found


@pytest.fixture(scope="module")
def imported() -> dict[str, dict]:
    return _import_all(MODULES)


def test_the_module_list_is_not_empty():
    assert "surveybuilder.public.get_involved" in MODULES
    assert "surveybuilder.respond.views" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports(imported, module):
    error = imported["errors"][module]
    assert not error, f"python -c 'import {module}' fails: {error}"


def test_no_module_is_part_of_an_import_cycle(imported):
    arrows = imported["arrows"]
    assert "surveybuilder.models" in arrows["surveybuilder.respond.answering"]
    assert _cycles(arrows) == []


def _package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_cycle_and_a_broken_module_are_reported(tmp_path: Path):
    """The check itself, on a made-up package: a cycle through a package's `__init__`
    (the shape get_involved once had) is found, and an error comes back with the
    module's name while the other modules are still imported."""
    _package(tmp_path, {
        "town/__init__.py": "from town.hall import MAYOR\nCLERK = 'clerk'\n",
        "town/hall.py": "from town import CLERK\nMAYOR = 'mayor'\n",
        "village/__init__.py": "",
        "village/square.py": "import village.missing_street\n",
        "village/park.py": "from . import trees\n",
        "village/trees.py": "OAK = 1\n",
    })
    packages = ("town", "village")
    found = _import_all(_modules(tmp_path, packages), tmp_path, packages)
    assert _cycles(found["arrows"]) == [["town", "town.hall"]]
    assert found["errors"]["village.square"] == ("ModuleNotFoundError: No module named "
                                                "'village.missing_street'")
    assert found["arrows"]["village.park"] == ["village.trees"]
    assert found["errors"]["village.trees"] == ""


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix()
                                        for package in VIEW_PACKAGES
                                        for p in (ROOT / package).glob("*.py")))
def test_view_modules_leave_queries_to_services(path):
    """Web views turn requests into service calls: a query written in a view is one the
    command line and the other channels cannot share (docs/decisions/0001)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    selects = [node.lineno for node in ast.walk(tree)
               if isinstance(node, ast.ImportFrom)
               and (node.module or "").split(".")[0] in ("sqlmodel", "sqlalchemy")
               and any(alias.name in ("select", "text", "func") for alias in node.names)]
    assert not selects, f"{path} imports a query builder (line {selects[0]})"
