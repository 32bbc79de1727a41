"""Every page of every role works on a phone (390×844), and every kind of long form keeps its draft
through an idle-timeout logout.

The pages: the main page of each menu entry of the
member, the staff officer, the leader, the unit and the three administrators, one detail page of each module found from
those pages, and the pages issue 15 names — the unit's inbox and reply form, the leader's
dashboard and instruction form, the office's check-in desk and leave decisions. On each: nothing
wider than the screen, no text set one character per line, and every button, field and standalone
link in the content at least 44 px each way (lvzhi/static/lvzhi/phone.css).

The drafts: a proposal, an opinion report, an annual report (述职), a reflection (心得), a speech
and a unit's reply: type, the session ends on the server, the next request goes to the login page,
the user logs in and is back on the form with the text in it.

phone_check.js is installed as an init script (outside the page's Content-Security-Policy) and
measures the page; screenshots go to $LVZHI_SCREENSHOTS when it is set."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from lvzhi.accounts.factories import TEST_TOTP_SECRET, totp_code
from lvzhi.accounts.models import SecondFactor, User
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core import pii, registry
from lvzhi.drafts.models import Draft
from lvzhi.learning.models import Reflection, StudyMaterial
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.models import OpinionReport
from lvzhi.org.demo_accounts import DEMO_PASSWORD
from lvzhi.proposals.choices import AssignmentState
from lvzhi.proposals.models import Proposal

PHONE = {"width": 390, "height": 844}
CHECK = Path(__file__).with_name("phone_check.js")
ADMINS = {"sysadmin", "secadmin", "auditor"}
SHOTS = os.environ.get("LVZHI_SCREENSHOTS")
DETAIL = re.compile(r"^/([a-z]+)/(?:[a-z_]+/)?\d+/$")
PANEL_OPEN = """opener => {
  const target = opener.dataset.bsTarget
    ? document.querySelector(opener.dataset.bsTarget) : opener.closest("details");
  return !document.querySelector(".collapsing")
    && (!target || target.open === true || target.classList.contains("show"));
}"""


class PhoneWalk:
    def __init__(self, browser, live_server, username):
        self.base = live_server.url
        self.username = username
        self.context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
        self.context.add_init_script(path=str(CHECK))
        self.page = self.context.new_page()
        self.page.set_default_timeout(60000)
        self.problems: list[str] = []
        self.visited: list[str] = []
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        if username in ADMINS:  # an administrator answers the second factor (see the demo fixture)
            self.page.wait_for_url("**/accounts/login/verify/")
            self.page.fill("input[name=code]", totp_code(User.objects.get(username=username)))
            self.page.click("main button[type=submit]")
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def visit(self, path: str, *, open_selector: str = "") -> list[str]:
        """Open `path` (and click `open_selector`, a panel's button, when given), measure it and
        return the detail pages it links to. A page this walk measured already (a page issue 15
        names may be a menu entry's too) is not measured again."""
        seen = path + (f" [{open_selector}]" if open_selector else "")
        if seen in self.visited:
            return []
        response = self.page.goto(f"{self.base}{path}")
        assert response.status == 200, f"{self.username} {path}: {response.status}"
        if open_selector:
            opener = self.page.locator(open_selector).first
            opener.click()
            # the panel has opened: a collapse's transition has ended, a <details> is open
            self.page.wait_for_function(PANEL_OPEN, arg=opener.element_handle())
        self.visited.append(seen)
        found = self.page.evaluate("window.lvzhiPhoneCheck()")
        where = f"{self.username} {path}{' ' + open_selector if open_selector else ''}"
        if found["overflow"] > 0:
            self.problems.append(f"{where}: {found['overflow']} px wider than the screen: {found['wide']}")
        self.problems += [f"{where}: touch target under 44 px: {item}" for item in found["small"]]
        self.problems += [f"{where}: text one character per line: {item}" for item in found["broken"]]
        if SHOTS:
            name = re.sub(r"[^a-z0-9]+", "_", path + open_selector).strip("_") or "home"
            self.page.screenshot(path=os.path.join(SHOTS, f"phone-{self.username}-{name}.png"), full_page=True)
        hrefs = self.page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
        return [href for href in hrefs if href and DETAIL.match(href)]

    def walk_menu(self) -> None:
        """The home page and every menu entry's page, then the first detail page of each module."""
        user = User.objects.get(username=self.username)
        pages = ["/"] + [reverse(entry.url_name) for _module, entries in registry.menu_for(user) for entry in entries]
        details: dict[str, str] = {}
        for path in dict.fromkeys(pages):
            for href in self.visit(path):
                details.setdefault(DETAIL.match(href).group(1), href)
        for href in details.values():
            self.visit(href)

    def draft_survives_logout(self, path: str, opener: str = "") -> str:
        """Type in the form's first text area, end the session, log in again: what is in it then."""
        text = f"{self.username} 在 {path} 写到一半的文字。"
        self.page.goto(f"{self.base}{path}")
        if opener:
            self.page.locator(opener).first.click()
        area = self.page.locator("main textarea:visible").first
        area.fill(text)
        user = User.objects.get(username=self.username)
        for _ in range(80):  # saved to the server within a few seconds
            if any(text in draft.fields.values() for draft in Draft.objects.filter(user=user)):
                break
            self.page.wait_for_timeout(250)
        else:
            return f"never saved on the server: {list(Draft.objects.filter(user=user).values('key', 'fields'))}"
        Session.objects.all().delete()
        self.page.goto(f"{self.base}{path}")
        self.page.wait_for_url(re.compile(r"/accounts/login/\?next="))
        self.page.fill("input[name=username]", self.username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(f"{self.base}{path}")
        if opener:
            self.page.locator(opener).first.click()
        self.page.locator("[data-testid=draft-restored]").first.wait_for()
        return self.page.locator("main textarea:visible").first.input_value().replace(text, "<the text>")

    def close(self):
        self.context.close()


@pytest.fixture
def demo(loaded_demo):
    """The demo as `manage.py demo` leaves it (conftest.py), the administrators with a second factor
    the test can answer."""
    for username in ADMINS:
        user = User.objects.get(username=username)
        SecondFactor.objects.update_or_create(user=user, defaults={"secret_encrypted": pii.encrypt(TEST_TOTP_SECRET)})


@pytest.mark.browser
def test_every_page_of_every_role_fits_a_phone(demo, browser, live_server):
    unit = User.objects.get(username="wuwei_unit")
    assigned = Proposal.objects.filter(assignments__unit=unit.unit, assignments__state=AssignmentState.SIGNED).first()
    leave = Attendance.objects.filter(state=AttendanceState.LEAVE_REQUESTED, activity__committee__code="620600").first()
    sent = OpinionReport.objects.filter(state=OpinionState.SENT, committee__code="620600").order_by("pk").first()
    assert assigned and leave and sent, "the demo has an assigned proposal, a leave request and a sent report"
    extras = {
        "wuwei_unit": [("/proposals/inbox/", ""), (f"/proposals/{assigned.pk}/", "[data-testid^=open-reply]")],
        "wuwei_leader": [("/stats/", ""), (f"/opinions/{sent.pk}/", "")],
        "wuwei_staff": [
            (f"/activities/{leave.activity_id}/", ""),
            (f"/opinions/{sent.pk}/", "[data-testid=instruct] summary"),
        ],
        "wuwei_member": [("/opinions/new/", ""), ("/proposals/new/", "")],
        **{username: [] for username in sorted(ADMINS)},
    }
    problems, visited = [], 0
    for username, pages in extras.items():
        walk = PhoneWalk(browser, live_server, username)
        try:
            walk.walk_menu()
            for path, opener in pages:
                walk.visit(path, open_selector=opener)
        finally:
            walk.close()
        problems += walk.problems
        visited += len(walk.visited)
        assert len(walk.visited) >= (3 if username in ADMINS else 6), f"{username} saw only {walk.visited}"
    assert problems == [], f"{len(problems)} problems on {visited} pages:\n" + "\n".join(problems)


@pytest.mark.browser
def test_every_kind_of_long_form_keeps_its_draft_through_an_idle_timeout_logout(demo, browser, live_server, settings):
    settings.DRAFT_SAVE_SECONDS = 1  # drafts.js sends what changed every second, not every five: the wait is shorter
    member = User.objects.get(username="wuwei_member")
    unit = User.objects.get(username="wuwei_unit")
    assigned = Proposal.objects.filter(assignments__unit=unit.unit, assignments__state=AssignmentState.SIGNED).first()
    reflected = Reflection.objects.filter(member=member.member).values("material_id")
    material = StudyMaterial.objects.visible_to(member).exclude(pk__in=reflected).order_by("pk").first()
    activity = Activity.objects.filter(committee__code="620600").order_by("-pk").first()
    forms = {
        "wuwei_member": [
            ("/proposals/new/", ""),
            ("/opinions/new/", ""),
            ("/duties/me/report/", ""),
            (f"/learning/{material.pk}/", ""),
        ],
        "wuwei_staff": [(f"/activities/{activity.pk}/speeches/new/", "")],
        "wuwei_unit": [(f"/proposals/{assigned.pk}/", "[data-testid^=open-reply]")],
    }
    found = {}
    for username, pages in forms.items():
        walk = PhoneWalk(browser, live_server, username)
        try:
            for path, opener in pages:
                found[f"{username} {path}"] = walk.draft_survives_logout(path, opener)
        finally:
            walk.close()
    assert found == dict.fromkeys(found, "<the text>")
