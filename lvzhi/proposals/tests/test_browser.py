"""The main flow in a real browser: a member drafts a joint proposal, the co-proposer confirms,
the member submits; the office files and assigns; the unit signs and replies; the member rates;
the timeline shows each step. Screenshots at desktop and phone width go to screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.core.tests.browsing import leave_as_user
from lvzhi.proposals.factories import TEXT, ProposalWorld
from lvzhi.proposals.models import Proposal

SHOTS = Path(settings.BASE_DIR) / "screenshots"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"proposals-{name}.png"), full_page=True)


def act(page, action, fill=None):
    page.click(f"[data-testid=open-{action}]")
    form = page.locator(f"[data-testid=form-{action}]")
    form.wait_for(state="visible")
    # the form's panel has finished opening (Bootstrap's collapse: "collapsing" while it animates)
    page.locator(f".collapse.show [data-testid=form-{action}]").wait_for(state="visible")
    if fill:
        fill(form)
    with page.expect_navigation():  # wait for the POST's answer, not the page already shown
        form.locator("button.btn-primary").click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_the_whole_loop_in_the_browser(page, login, live_server, personas):
    world = ProposalWorld(personas)
    world.filed()  # an earlier, similar proposal
    login(personas.member)
    page.goto(f"{live_server.url}/proposals/new/")
    page.fill("input[name=title]", "关于规范校外托管机构的建议")
    page.wait_for_selector("[data-testid=similar] >> text=关于规范中小学校外托管机构的建议")
    page.select_option("select[name=category]", label="社会建设")
    page.select_option("select[name=kind]", "joint")
    page.select_option("select[name=coproposers]", [str(world.co_person.pk)])
    page.fill("textarea[name=situation]", TEXT["situation"])
    page.fill("textarea[name=suggestions]", TEXT["suggestions"])
    shot(page, "draft-desktop")
    page.click("[data-testid=proposal-form] button.btn-primary")
    page.wait_for_selector("[data-testid=proposal-title]")
    proposal = Proposal.objects.get(title="关于规范校外托管机构的建议")
    detail = f"{live_server.url}/proposals/{proposal.pk}/"

    leave_as_user(page)
    login(world.co, password=personas.password)
    page.goto(detail)
    page.click("[data-testid=confirm]")
    page.wait_for_selector(".alert-success")

    leave_as_user(page)
    login(personas.member)
    page.goto(detail)
    act(page, "submit")
    assert page.locator("[data-testid=proposal-state]").inner_text() == "待审查"

    leave_as_user(page)
    login(personas.staff)
    page.goto(f"{live_server.url}/proposals/review/")
    page.click("text=关于规范校外托管机构的建议")
    act(page, "file")
    assert "五届三次会议第0002号" in page.locator("[data-testid=proposal-number]").inner_text()
    act(page, "assign", lambda f: f.locator("select[name=lead]").select_option(str(world.unit.pk)))
    assert page.locator("[data-testid=proposal-state]").inner_text() == "办理中"
    shot(page, "assigned-desktop")

    leave_as_user(page)
    login(personas.unit_user)
    page.goto(f"{live_server.url}/proposals/inbox/")
    page.click("text=关于规范校外托管机构的建议")
    a = proposal.assignments.get()
    act(page, f"sign-{a.pk}")
    page.wait_for_selector(".alert-success")
    act(
        page,
        f"reply-{a.pk}",
        lambda f: (
            f.locator("select[name=category]").select_option("A"),
            f.locator("textarea[name=text]").fill("已出台校外托管机构管理办法。"),
        ),
    )
    page.wait_for_selector("[data-testid=reply]")

    leave_as_user(page)
    login(personas.member)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(detail)
    act(page, f"evaluate-{a.pk}", lambda f: f.locator("input[value=satisfied]").check())
    page.wait_for_selector("[data-testid=evaluation]")
    timeline = page.locator("[data-testid=timeline]").inner_text()
    for label in ("草稿 → 待审查", "待审查 → 已立案", "已立案 → 办理中", "待签收 → 办理中", "办理中 → 已答复", "满意"):
        assert label in timeline
    shot(page, "detail-phone")
    page.goto(f"{live_server.url}/proposals/mine/")
    shot(page, "mine-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(detail)
    shot(page, "detail-desktop")
