"""A survey written before question types became one module each still draws and
stores exactly as it did: every question in every format (blank, answered, with an
error), the printed form in every format, the answer rows and the form fields.

The expected files were made by `tests/support/renderings.py` on the code of that time
(see its docstring); a difference here is a change residents or staff would see."""

from __future__ import annotations

import json

import pytest
from support.renderings import DATA, renderings

EXPECTED = sorted(p.name for p in DATA.iterdir() if p.name != "every-type.json")


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return renderings(json.loads((DATA / "every-type.json").read_text()))


def test_nothing_is_missing_or_new(rendered):
    assert sorted(rendered) == EXPECTED


@pytest.mark.parametrize("name", [n for n in EXPECTED if not n.endswith(".css")])
def test_drawn_and_stored_as_before(rendered, name):
    assert rendered[name] == (DATA / name).read_text(), name


@pytest.mark.parametrize("name", [n for n in EXPECTED if n.endswith(".css")])
def test_printed_styles_only_gain_rules(rendered, name):
    """New question types bring their own rules; every rule there was stays, in order."""
    lines = iter(rendered[name].splitlines())
    missing = [line for line in (DATA / name).read_text().splitlines() if line not in lines]
    assert not missing, missing
