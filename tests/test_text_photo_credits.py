"""A text-and-photo credit without its slash (issue 11), on invented names."""

from __future__ import annotations

from banmian.stages.markers import match_dateline, parse_byline


def test_a_text_and_photo_credit_with_a_space_after_its_role() -> None:
    found = match_dateline("本报讯（文·图 林小舟 方知远）记者从市里获悉")
    assert found is not None and found.raw == "本报讯（文·图 林小舟 方知远）"
    assert found.people.reporters == ["林小舟", "方知远"] == found.people.photographers


def test_a_single_role_still_needs_its_slash() -> None:
    # `文 某某` could open running text: only the compound role takes a space
    assert parse_byline("文 林小舟") is None
    assert parse_byline("文/林小舟") is not None
