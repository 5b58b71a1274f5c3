"""Survey rounds in real Chromium at a phone's width (390 px): C40's secretariat creates a round,
adds questions (one an inventory question of 2024), changes one and moves another up (by keyboard),
and sends it to Heidelberg and Kyoto; both cities answer (Heidelberg saves a draft first and answers
the inventory question with a small template file, a bad one first); the secretariat reads the
results with Heidelberg's inventory. On every page of the story no page scrolls sideways and
axe-core finds no serious violation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.surveys_fixture import BAD_FILE, GOOD_FILE, members


def _answer(
    page: Page,
    who: str,
    plan: str,
    staff: str,
    *,
    draft_first: bool = False,
    files: tuple[Path, Path] | None = None,
    axe: Axe | None = None,
    problems: list[str] | None = None,
) -> None:
    page.context.clear_cookies()
    _log_in(page, who)
    page.goto("/surveys")
    page.locator("#my-surveys a").first.click()
    page.get_by_label("Has your council adopted a climate plan?").select_option(plan)
    if draft_first:
        page.get_by_role("button", name="Save the draft").click()
        expect(page.locator("body")).to_contain_text("Draft saved")
    page.get_by_label("Climate staff").fill(staff)
    if files is not None:
        # the inventory question with a small template file: a bad one first (nothing saved, the
        # problems listed by row and column, the typed answers kept), then the corrected one
        bad, good = files
        upload = page.get_by_label("Or upload an activity file for 2024")
        upload.set_input_files(str(bad))
        page.get_by_role("button", name="Save the draft").click()
        expect(page.locator("#upload-problems")).to_contain_text("amount")
        expect(page.get_by_label("Climate staff")).to_have_value(staff)
        if axe is not None and problems is not None:
            problems += _problems(page, axe, "answer (file refused)")
        page.get_by_label("Or upload an activity file for 2024").set_input_files(str(good))
    page.get_by_role("button", name="Submit the answers").click()
    expect(page.locator("#submitted-note")).to_contain_text("Submitted on")


def test_secretariat_sends_two_cities_answer_secretariat_reads(
    chromium: Browser, server: str, world: World, tmp_path: Path
) -> None:
    members(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40/surveys")
    problems += _problems(page, axe, "/networks/c40/surveys")
    page.get_by_label("Title of the round").fill("Status quo 2026")
    page.get_by_label("Deadline").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Status quo 2026")
    problems += _problems(page, axe, "round (draft)")

    page.get_by_label("Short key").fill("has_plan")
    page.get_by_label("Kind of answer").select_option("choice")
    page.get_by_label("Question in English").fill("Has your council adopted a climate plan?")
    page.get_by_label("Question in German (optional)").fill("Hat Ihr Rat einen Klimaplan beschlossen?")
    page.get_by_label("An answer is required").check()
    page.get_by_label("Options, one a line").fill("yes\nno")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator("#question-list")).to_contain_text("Has your council adopted a climate plan?")
    # a mistake is said at its field, and what was typed is kept
    page.get_by_label("Short key").fill("has_plan")  # used already
    page.get_by_label("Kind of answer").select_option("number")
    page.get_by_label("Question in English").fill("Climate staff")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Question in English")).to_have_value("Climate staff")
    problems += _problems(page, axe, "round (question refused)")
    page.get_by_label("Short key").fill("staff")
    page.get_by_label("Unit of the number").fill("FTE")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator("#question-list li")).to_have_count(2)
    page.get_by_label("Short key").fill("inventory")
    page.get_by_label("Kind of answer").select_option("inventory")
    page.get_by_label("Question in English").fill("Your 2024 inventory")
    page.get_by_label("Inventory year").fill("2024")
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator("#question-list li")).to_have_count(3)
    # change one question (its form prefilled) and move another up, by keyboard
    page.get_by_role("link", name="Change staff").click()
    expect(page.get_by_label("Unit of the number")).to_have_value("FTE")
    problems += _problems(page, axe, "change a question")
    page.get_by_label("Unit of the number").fill("persons")
    page.get_by_role("button", name="Save the question").click()
    expect(page.locator("#q-staff")).to_contain_text("persons")
    page.get_by_role("button", name="Move up inventory").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#question-list li").nth(1)).to_contain_text("Your 2024 inventory")
    problems += _problems(page, axe, "round (question moved)")

    page.get_by_label("Heidelberg").check()
    page.get_by_label("Kyoto").check()
    page.get_by_role("button", name="Send to the chosen cities").click()
    expect(page.locator("#response-list")).to_contain_text("Kyoto")
    expect(page.locator("#outbox")).to_contain_text("2 queued")
    problems += _problems(page, axe, "round (open)")

    bad, good = tmp_path / "activities-bad.csv", tmp_path / "activities-2024.csv"
    bad.write_bytes(BAD_FILE)
    good.write_bytes(GOOD_FILE)
    _answer(
        page, "heidelberg_editor", "yes", "4", draft_first=True, files=(bad, good), axe=axe, problems=problems
    )
    expect(page.locator("#answer-list")).to_contain_text("from activities-2024.csv")
    problems += _problems(page, axe, "answer (submitted)")
    _answer(page, "kyoto_editor", "no", "10")

    page.context.clear_cookies()
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40/surveys")
    page.get_by_role("link", name="Status quo 2026").click()
    expect(page.locator("#response-list")).not_to_contain_text("not started")
    page.get_by_role("link", name="Results").click()
    expect(page.locator("#results-count")).to_contain_text("2 of 2 cities submitted")
    staff = page.locator("#result-staff")
    expect(staff).to_contain_text("Median")
    expect(staff).to_contain_text("7")
    expect(page.locator("#result-has_plan svg")).to_have_count(1)
    expect(page.locator("#inventory-answers")).to_contain_text("Heidelberg")
    expect(page.locator("#inventory-answers")).to_contain_text("253")
    problems += _problems(page, axe, "results")
    context.close()
    assert not problems, "\n".join(problems)
