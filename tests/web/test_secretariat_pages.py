"""A secretariat's pages: the groups page with a clean title and its weight forms in the page, and
a benchmark round's page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_pages import log_in


def test_the_groups_page_title_is_text_and_the_weight_forms_are_in_the_body(
    client: TestClient, world: World
) -> None:
    log_in(client, "c40_secretariat")
    html = client.get("/networks/c40/groups").text
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert "<" not in title.group(1) and title.group(1).startswith("Groups of similar members · C40")
    body = html.split("<body>", 1)[1]
    assert body.count('<section id="weights">') == 1
    assert 'id="weights-' in body and 'id="weights-' not in html.split("<body>", 1)[0]
