"""Check answers drawn once per route with holes for the token and the answers
(`respond/drawn_once.py`): every journey still sees exactly its own page."""

from __future__ import annotations

import pytest
from test_respond import answer, body

from surveybuilder.respond.drawn_once import Skeleton, hole


def test_a_skeleton_puts_back_the_token_and_each_hole():
    drawn = f"<a href='/r/tok123/1'>{hole('0')}</a><p>{hole('1')}</p><a href='/r/tok123/check'>"
    skeleton = Skeleton(drawn, "tok123", ["0", "1"])
    assert skeleton.fill("other", {"0": "first", "1": "&lt;b&gt;"}.__getitem__) == (
        "<a href='/r/other/1'>first</a><p>&lt;b&gt;</p><a href='/r/other/check'>")


def test_a_page_holding_a_hole_marker_of_its_own_is_not_kept():
    with pytest.raises(ValueError):
        Skeleton(f"<p>\x00</p>{hole('0')}", "tok123", ["0"])
    with pytest.raises(ValueError):
        Skeleton(f"<p>{hole('9')}</p>", "tok123", ["0"])


def _check_page(client, answer_format: str, why_not: str, postcode: str) -> tuple[str, str]:
    """Answer the example's "never" route (easy read asks a question a page); the check
    page and the journey's token."""
    fields = {"visit": "never", "why_not": why_not, "safe": "disagree",
              "postcode": postcode, "hear_back": "no"}
    url = client.post("/c/victoria-park-2027/start",
                      data={"format": answer_format}).headers["Location"]
    while not url.endswith("/check"):
        url = answer(client, url, **fields)
    return body(client.get(url)), url.split("/r/")[1].split("/")[0]


@pytest.mark.parametrize("answer_format", ["standard", "easy-read", "large-print"])
def test_check_answers_from_the_cache_is_the_page_drawn_afresh(client, app, open_park,
                                                                  answer_format):
    first, first_token = _check_page(client, answer_format, "Too dark\nand far", "b69 3de")
    typed = 'Tom & Jerry <b>"quoted"</b>\nline two'
    cached, token = _check_page(client, answer_format, typed, "dy4 7aa")
    assert len(app.extensions["respond.check_pages"]) == 1  # one route: one skeleton
    assert first_token not in cached and token in cached
    assert "Too dark" not in cached and "B69 3DE" not in cached and "DY4 7AA" in cached
    assert "Tom &amp; Jerry &lt;b&gt;&#34;quoted&#34;&lt;/b&gt;<br>line two" in cached
    app.extensions["respond.check_pages"] = type(app.extensions["respond.check_pages"])(8)
    address = f"/c/victoria-park-2027/r/{token}/check"
    assert body(client.get(address)) == cached  # drawn afresh for this journey alone
