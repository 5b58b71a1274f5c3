"""Partnership pages: from the city page to a proposal, the next steps for each role, the public view,
events, the declaration as HTML and PDF in the reader's language, and refusals by field."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from citypact.services.cooperation import partnerships
from tests.conftest import World
from tests.factories import declared, proposed
from tests.web.test_pages import log_in


def test_an_editor_proposes_from_the_city_page_and_the_partner_accepts(
    client: TestClient, world: World
) -> None:
    heidelberg = world.city["Heidelberg"]
    csrf = log_in(client, "heidelberg_editor")
    city_page = client.get(f"/cities/{heidelberg}").text
    assert f'href="/cities/{heidelberg}/partnerships"' in city_page
    listing = client.get(f"/cities/{heidelberg}/partnerships")
    assert listing.status_code == 200 and 'id="propose"' in listing.text
    made = client.post(
        f"/cities/{heidelberg}/partnerships",
        data={"csrf_token": csrf, "title": "Heat planning", "kind": "peer", "partners": "Kyoto, Köln",
              "description": "Peers on heat.", "network": "c40"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    url = made.headers["location"].split("?")[0]
    page = client.get(url).text
    assert "Heat planning" in page and 'aria-current="step"><strong>proposed' in page
    assert "Accept for" not in page  # Heidelberg accepted with its proposal
    assert "Kyoto" in page and "Cologne" in page

    client.post("/logout", data={"csrf_token": csrf})
    csrf = log_in(client, "kyoto_editor")
    page = client.get(url).text
    assert "Accept for Kyoto" in page and "Accept for Cologne" not in page  # Kyoto acts for Kyoto only
    pid = int(url.rsplit("/", 1)[1])
    accepted = client.post(
        f"/partnerships/{pid}/accept", data={"csrf_token": csrf, "city_id": world.city["Kyoto"]}
    )
    assert accepted.status_code == 200
    assert client.get(f"/cities/{world.city['Kyoto']}/partnerships").text.count(f"/partnerships/{pid}") == 1


def test_refusals_name_the_field_or_need_the_token(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    csrf = log_in(client, "heidelberg_editor")
    url = f"/cities/{heidelberg}/partnerships"
    form = {"title": "x", "kind": "peer", "partners": "Atlantis"}
    assert client.post(url, data=form).status_code == 403  # no CSRF token
    unknown = client.post(url, data={"csrf_token": csrf, **form})
    assert unknown.status_code == 422 and "partners" in unknown.text and "Atlantis" in unknown.text
    bad_kind = client.post(url, data={"csrf_token": csrf, **form, "partners": "Kyoto", "kind": "party"})
    assert bad_kind.status_code == 422 and "kind" in bad_kind.text
    other = client.post(f"/cities/{world.city['Munich']}/partnerships", data={"csrf_token": csrf, **form})
    assert other.status_code == 403
    pid = proposed(world)
    signed_early = client.post(
        f"/partnerships/{pid}/sign",
        data={"csrf_token": csrf, "city_id": heidelberg, "signed_on": "2026-01-01"},
    )
    assert signed_early.status_code == 409  # not accepted yet


def test_signing_declares_and_the_declaration_is_a_pdf(client: TestClient, world: World) -> None:
    pid = proposed(world)
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, world.city["Kyoto"])
        partnerships.add_goal(session, world.actor("kyoto_editor"), pid, text="A heat plan for each city")
    csrf = log_in(client, "heidelberg_editor")
    page = client.get(f"/partnerships/{pid}").text
    assert 'id="sign-' in page and "Sign for Heidelberg" in page and "Sign for Kyoto" not in page
    draft = client.get(f"/partnerships/{pid}/declaration").text
    assert draft.count('class="line"') == 4  # date and signature lines for both cities
    client.post(
        f"/partnerships/{pid}/sign",
        data={"csrf_token": csrf, "city_id": world.city["Heidelberg"], "signed_on": "2026-01-05",
              "signatory": "Mayor of Heidelberg"},
    )  # fmt: skip
    with world.db.write() as session:
        partnerships.sign(session, world.actor("kyoto_editor"), pid, world.city["Kyoto"])
    page = client.get(f"/partnerships/{pid}").text
    assert re.search(r'id="partnership-status"[^>]*><strong>declared</strong>', page)
    assert "Start the joint work (active)" in page
    text = client.get(f"/partnerships/{pid}/declaration").text
    assert "The cities of Heidelberg and Kyoto declare their partnership" in text
    assert "Signed on Jan 5, 2026 · Mayor of Heidelberg" in text and 'class="line"' not in text
    assert "A heat plan for each city" in text
    german = client.get(f"/partnerships/{pid}/declaration", params={"lang": "de"}).text
    assert "Partnerschaftserklärung" in german and "Heidelberg und Kyoto" in german
    document = client.get(f"/partnerships/{pid}/declaration.pdf", params={"lang": "ja"})
    assert document.status_code == 200 and document.headers["content-type"] == "application/pdf"
    assert document.content.startswith(b"%PDF")
    assert "declaration-ja.pdf" in document.headers["content-disposition"]


def test_the_public_sees_the_public_parts_only(client: TestClient, world: World) -> None:
    hidden = declared(world)
    assert client.get(f"/partnerships/{hidden}").status_code == 404
    assert client.get(f"/partnerships/{hidden}/declaration.pdf").status_code == 404
    shown = declared(world, is_public=True)
    with world.db.write() as session:
        editor = world.actor("heidelberg_editor")
        partnerships.add_goal(session, editor, shown, text="Shared heat atlas")
        partnerships.add_task(session, editor, shown, title="Send the atlas data")
        partnerships.add_exchange(
            session,
            editor,
            shown,
            {"kind": "other", "year": 2026, "title": "Budget talks", "is_internal": True},
        )
    page = client.get(f"/partnerships/{shown}").text
    assert "Shared heat atlas" in page and "declared" in page
    assert 'id="work-plan"' not in page and "Send the atlas data" not in page and "Budget talks" not in page
    assert "csrf_token" not in page  # no forms for the public
    log_in(client, "heidelberg_viewer")  # a member city's viewer reads everything, changes nothing
    page = client.get(f"/partnerships/{shown}").text
    assert "Send the atlas data" in page and "Budget talks" in page and 'id="add-goal"' not in page
    assert client.get(f"/partnerships/{hidden}").status_code == 200


def test_events_with_participants_on_their_page(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    csrf = log_in(client, "kyoto_editor")
    made = client.post(
        f"/partnerships/{pid}/events",
        data={"csrf_token": csrf, "kind": "sprint", "title": "Cooling sprint", "starts_on": "2026-07-01",
              "ends_on": "2026-07-03", "place": "Kyoto", "is_public": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303 and made.headers["location"].endswith("?done=event_added")
    url = made.headers["location"].removesuffix("?done=event_added")
    added = client.post(
        f"{url}/participants",
        data={
            "csrf_token": csrf,
            "city": "Sapporo",
            "role": "observer",
            "people_count": "2",
            "people": "K. Sato",
        },
    )
    assert added.status_code == 200 and "K. Sato" in added.text
    saved = client.post(
        url,
        data={"csrf_token": csrf, "kind": "sprint", "title": "Cooling sprint", "starts_on": "2026-07-01",
              "ends_on": "2026-07-03", "place": "Kyoto", "is_public": "1", "agenda": "Shade maps",
              "outcomes": "Three pilot streets", "recommendations": "Plant trees early"},
    )  # fmt: skip
    assert saved.status_code == 200 and "Three pilot streets" in saved.text
    backwards = client.post(
        url,
        data={
            "csrf_token": csrf,
            "kind": "sprint",
            "title": "x",
            "starts_on": "2026-07-03",
            "ends_on": "2026-07-01",
        },
    )
    assert backwards.status_code == 422 and "ends_on" in backwards.text
    assert "Cooling sprint" in client.get(f"/partnerships/{pid}").text
    client.post("/logout", data={"csrf_token": csrf})
    public = client.get(url, params={"lang": "ja"}).text
    assert "Three pilot streets" in public and "Sapporo" in public and "K. Sato" not in public
    assert "知識交換スプリント" in public
