"""The engine must import on its own: no Flask, nothing from the web app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_easyread_imports_without_flask_or_surveybuilder() -> None:
    code = (
        "import sys, easyread\n"
        "easyread.check('The NHS was informed.')\n"
        "easyread.suggest_pictures('bus')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'flask', 'surveybuilder'}]\n"
        "assert not bad, bad\n"
        "print(easyread.__file__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "easyread" / "__init__.py"


def test_no_source_file_mentions_flask_or_surveybuilder_imports() -> None:
    for path in (ROOT / "easyread").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import flask" not in source.lower()
        assert "from surveybuilder" not in source and "import surveybuilder" not in source
