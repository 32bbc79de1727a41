"""Irreversible steps ask first, in a real browser, on two modules: filing a proposal and submitting
an opinion report ask the question their action table declares; "取消" leaves the record as it was,
"确定" takes the step and the message says what happened (立案 names its 案号). Forms show the
server's Chinese messages next to their fields instead of the browser's own pop-up (opinions, notices)."""

import pytest

from lvzhi.core.tests.browsing import question_asked
from lvzhi.notices.models import Notice
from lvzhi.opinions.factories import OpinionWorld
from lvzhi.opinions.models import OpinionReport
from lvzhi.proposals.choices import ProposalState
from lvzhi.proposals.factories import ProposalWorld


def _alert(page) -> str:
    return page.locator(".alert").first.inner_text()


@pytest.mark.browser
def test_filing_asks_first_and_then_names_the_number(personas, page, login, live_server):
    proposal = ProposalWorld(personas).submitted()
    login(personas.staff)
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    page.context.decline_dialogs = True
    page.click("[data-testid=open-file]")
    page.locator("[data-testid=form-file] button").click()
    assert question_asked(page) == "立案后将编定案号并进入交办，不能撤回。确定立案？"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED  # 取消: nothing happened

    page.context.decline_dialogs = False
    with page.expect_navigation():
        page.locator("[data-testid=form-file] button").click()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.FILED
    assert _alert(page).startswith(f"已立案，案号 {proposal.number}")


@pytest.mark.browser
def test_submitting_a_report_asks_first(personas, page, login, live_server):
    report = OpinionWorld(personas).report(submit=False)
    login(personas.member)
    page.goto(f"{live_server.url}/opinions/{report.pk}/")
    page.context.decline_dialogs = True
    page.click("[data-testid=do-submit]")
    assert question_asked(page) == "提交后不能再修改，信息将交机关审核。确定提交？"
    report.refresh_from_db()
    assert report.state == "draft"

    page.context.decline_dialogs = False
    with page.expect_navigation():
        page.click("[data-testid=do-submit]")
    assert OpinionReport.objects.get(pk=report.pk).state != "draft"
    assert _alert(page) == "已提交。"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/opinions/new/", "/notices/new/"])
def test_an_empty_title_gets_the_servers_message_beside_the_field(personas, page, login, live_server, path):
    user = personas.member if path.startswith("/opinions") else personas.staff
    OpinionWorld(personas)
    login(user)
    page.goto(f"{live_server.url}{path}")
    form = page.locator("main form[method=post]").last
    assert form.get_attribute("novalidate") is not None  # set by steps.js on every form that posts
    with page.expect_navigation():
        form.locator("button[type=submit], button:not([type])").last.click()
    feedback = page.locator("[name=title] ~ .invalid-feedback, [name=title] + .invalid-feedback").first
    assert feedback.inner_text() == "标题必填。"
    assert not (OpinionReport.objects.exists() or Notice.objects.exists())  # nothing written
