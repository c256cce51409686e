"""Layering you can check: every module imports on its own, and view modules leave
queries to the services. The import direction itself is the import-linter contract in
`.importlinter`, which `make test` runs (`lint-imports`); see
docs/decisions/0007-formats-channels-and-layers.md.

A module that imports only after some other module was imported first hides a cycle
(`surveybuilder.public.get_involved` once failed this way), so each module is imported
first in a fresh interpreter. The interpreters run side by side to keep this quick.
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


# Run in a fresh interpreter: first load the libraries our modules use, learnt from a
# forked child that imports them all (so each import below costs milliseconds, not
# seconds); then fork once per module, so that in each child no module of ours has been
# imported when it imports one. Prints {module: its error, or ""} as JSON.
IMPORT_EACH_ALONE = r"""
import importlib, json, os, sys, traceback
OURS = ("surveybuilder", "easyread")
modules = sys.argv[1:]

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

children = {}
for name in modules:
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
print(json.dumps(found))
"""


def _imported_alone(modules: list[str]) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-c", IMPORT_EACH_ALONE, *modules], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def imported_alone() -> dict[str, str]:
    return _imported_alone(MODULES)


def test_the_module_list_is_not_empty():
    assert "surveybuilder.public.get_involved" in MODULES
    assert "surveybuilder.respond.views" in MODULES


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
