"""The main flow in a real browser, on a phone: the office assigns a 两个全覆盖 pair, records a contact
from the pair's page, and the coverage page moves from "not yet contacted" to 100 %."""

from pathlib import Path

import pytest

from lvzhi.party.models import Contact, CoveragePair

SHOTS = Path(__file__).resolve().parents[3] / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_staff_pair_members_record_a_contact_and_coverage_follows(world, page, login, live_server):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    login(world.p.staff)
    page.goto(f"{live_server.url}/party/pairs/")
    page.click("[data-testid=create]")
    page.select_option("select[name=kind]", "party_to_non_party")
    page.select_option("select[name=contactor]", str(world.cpc_member.pk))
    page.select_option("select[name=contacted]", str(world.non_party.pk))
    page.fill("input[name=assigned_on]", "2022-03-01")
    page.screenshot(path=str(SHOTS / "party-pair-form-phone.png"), full_page=True)
    page.click("[data-testid=save]")
    page.wait_for_url("**/party/pairs/*/")
    pair = CoveragePair.objects.get()
    page.goto(f"{live_server.url}/party/coverage/?period=year:2024")
    assert page.inner_text("[data-testid=coverage-party_to_non_party] [data-testid=percent]") == "0.0%"
    assert "刘党员 — 李明" in page.inner_text("[data-testid=coverage-party_to_non_party] [data-testid=uncovered]")
    page.goto(f"{live_server.url}/party/pairs/{pair.pk}/")
    page.fill("[data-action=contact] input[name=contacted_on]", "2024-05-06")
    page.select_option("[data-action=contact] select[name=way]", "visit")
    page.fill("[data-action=contact] textarea[name=content]", "走访了解界别群众关切")
    page.click("[data-testid=do-contact]")
    page.wait_for_selector("[data-testid=contacts] >> text=走访了解界别群众关切")
    page.screenshot(path=str(SHOTS / "party-pair-detail-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Contact.objects.get().pair == pair
    page.goto(f"{live_server.url}/party/coverage/?period=year:2024")
    assert page.inner_text("[data-testid=coverage-party_to_non_party] [data-testid=percent]") == "100.0%"
    page.screenshot(path=str(SHOTS / "party-coverage-phone.png"), full_page=True)
