"""The check every form family's limit test makes: too much text is refused beside its field and nothing is lost."""

import re
from html import escape


def too_long(limit: int, words: str = "We talked about what stop and search feels like from the other side. ") -> str:
    """Ordinary prose, one character over `limit` (ending in a full stop: forms strip trailing spaces)."""
    return (words * (limit // len(words) + 2))[:limit] + "."


def assert_refused_beside_the_field(response, field_id: str, typed: str, limit: int) -> None:
    """The form came back (not saved) with the message in `field_id`'s own error block, every character kept."""
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    beside = re.search(rf'id="{re.escape(field_id)}_error"[^>]*>(.*?)</div>', html, re.S)
    assert beside, f"no error block beside {field_id}"
    expected = f"This is {len(typed):,} characters long; the most it can be is {limit:,}. Shorten it and save again."
    assert expected in beside.group(1), beside.group(1)
    assert escape(typed, quote=False) in html, "what was typed is not all still in the box"
