"""Layering you can check: every module imports on its own, and view modules leave
queries to the services. The import direction itself is the import-linter contract in
`.importlinter`, which `make test` runs (`lint-imports`); see
docs/decisions/0007-formats-channels-and-layers.md.

A module that imports only after some other module was imported first hides a cycle
(`surveybuilder.public.get_involved` once failed this way), so each module is imported
first in a fresh interpreter. The interpreters run side by side to keep this quick.

A *leaf* — a module whose import runs no import of ours (`surveybuilder.models`,
`config`, ...) — cannot be part of a cycle. Leaves are checked alone first and then
loaded once before the other modules' children are forked, so no child pays again for
defining the tables (a third of a second each, most of this check's time).
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


def _modules() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(NOT_MODULES):
                continue
            parts = relative.removesuffix(".py").split("/")
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _modules()


def _path_of(module: str) -> Path:
    as_path = ROOT / module.replace(".", "/")
    return as_path / "__init__.py" if as_path.is_dir() else as_path.with_suffix(".py")


def _imports_ours_when_imported(module: str) -> bool:
    """Whether importing the module runs an import of ours: any import statement outside
    a function body that names our packages, or is relative."""
    tree = ast.parse(_path_of(module).read_text(encoding="utf-8"))
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Import) and any(
                alias.name.split(".")[0] in PACKAGES for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").split(".")[0] in PACKAGES):
            return True
        pending.extend(ast.iter_child_nodes(node))
    return False


def _leaves(modules: list[str]) -> list[str]:
    """Modules whose import, and whose packages' imports, run no import of ours."""
    def parents(module: str) -> list[str]:
        parts = module.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]

    return [m for m in modules
            if not any(_imports_ours_when_imported(n) for n in (*parents(m), m))]


# Run in a fresh interpreter: first load the libraries our modules use, learnt from a
# forked child that imports them all (so each import below costs milliseconds, not
# seconds); then fork once per leaf, so that in each child no module of ours has been
# imported when it imports one; then load the leaves that imported and fork once per
# other module. argv[1] is the JSON list of leaves. Prints {module: its error, or ""}.
IMPORT_EACH_ALONE = r"""
import importlib, json, os, sys, traceback
OURS = ("surveybuilder", "easyread")
leaves = set(json.loads(sys.argv[1]))
modules = sys.argv[2:]

def ours(name):
    return name.split(".")[0] in OURS

read, write = os.pipe()
if os.fork() == 0:
    for name in modules:
        try:
            importlib.import_module(name)
        except BaseException:
            pass
    os.write(write, json.dumps([m for m in sys.modules if not ours(m)]).encode())
    os._exit(0)
os.close(write)
with os.fdopen(read) as pipe:
    libraries = json.loads(pipe.read() or "[]")
os.wait()
for name in sorted(libraries, key=lambda n: n.count(".")):
    try:
        importlib.import_module(name)
    except BaseException:
        pass
assert not any(ours(m) for m in sys.modules), "a library imported one of our modules"

def each_alone(names):
    children = {}
    for name in names:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                importlib.import_module(name)
                error = ""
            except BaseException:
                error = traceback.format_exc().strip().splitlines()[-1]
            os.write(write, error.encode())
            os._exit(0)
        os.close(write)
        children[name] = (pid, read)
    found = {}
    for name, (pid, read) in children.items():
        with os.fdopen(read) as pipe:
            found[name] = pipe.read()
        os.waitpid(pid, 0)
    return found

found = each_alone([m for m in modules if m in leaves])
for name, error in found.items():
    if not error:
        importlib.import_module(name)
found.update(each_alone([m for m in modules if m not in leaves]))
print(json.dumps(found))
"""


def _imported_alone(modules: list[str], leaves: list[str] = ()) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-c", IMPORT_EACH_ALONE, json.dumps(leaves),
                           *modules], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def imported_alone() -> dict[str, str]:
    return _imported_alone(MODULES, _leaves(MODULES))


def test_the_module_list_is_not_empty():
    assert "surveybuilder.public.get_involved" in MODULES
    assert "surveybuilder.respond.views" in MODULES


def test_leaves_are_the_modules_that_import_nothing_of_ours():
    leaves = _leaves(MODULES)
    assert {"surveybuilder", "surveybuilder.models", "surveybuilder.config"} <= set(leaves)
    assert "surveybuilder.respond.views" not in leaves
    # surveybuilder.jobs.running imports nothing of ours itself, but its package does.
    assert _imports_ours_when_imported("surveybuilder.jobs")
    assert not any(m.startswith("surveybuilder.jobs.") for m in leaves)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_on_its_own(imported_alone, module):
    error = imported_alone[module]
    assert not error, f"python -c 'import {module}' fails: {error}"


def test_a_module_that_does_not_import_is_reported():
    """The check itself: an error in a child comes back with the module's name."""
    assert _imported_alone(["json", "surveybuilder.no_such_module"]) == {
        "json": "",
        "surveybuilder.no_such_module": "ModuleNotFoundError: No module named "
                                        "'surveybuilder.no_such_module'"}
    # A leaf that fails is reported too, and the other modules are still checked.
    assert _imported_alone(["surveybuilder.no_such_leaf", "surveybuilder.models"],
                           ["surveybuilder.no_such_leaf"]) == {
        "surveybuilder.no_such_leaf": "ModuleNotFoundError: No module named "
                                      "'surveybuilder.no_such_leaf'",
        "surveybuilder.models": ""}


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
