"""The organisation pages in a real browser: search by pinyin initials, import with a bad row.

With LVZHI_SCREENSHOTS=1, also saves the main pages at desktop and phone width into screenshots/.
"""

import datetime
import io
import os
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from lvzhi.org.factories import make_id_number, make_member
from lvzhi.org.importing import HEADERS
from lvzhi.org.models import PartyBranch, Sector, Studio

pytestmark = pytest.mark.browser


def test_it_finds_a_member_by_pinyin_initials(transactional_db, personas, login, live_server):
    page = login(personas.staff)
    page.goto(f"{live_server.url}/org/members/")
    results = page.get_by_test_id("member-results")
    assert "王芳" in results.inner_text()
    page.get_by_test_id("member-search").fill("lm")
    page.wait_for_url("**/org/members/?*q=lm*")
    expect(page.locator("#results")).not_to_contain_text("王芳", timeout=30_000)
    assert "李明" in page.get_by_test_id("member-results").inner_text()
    page.get_by_role("link", name="李明").click()
    page.wait_for_url(f"**/org/members/{personas.member_person.pk}/")
    assert personas.member_person.mobile_masked in page.get_by_test_id("mobile").inner_text()


def test_it_reloads_the_choices_when_the_committee_changes(transactional_db, personas, login, live_server):
    Sector.objects.create(committee=personas.liangzhou, name="凉州农业界")
    page = login(personas.staff)
    page.goto(f"{live_server.url}/org/members/new/")
    assert page.locator("select[name=sector] option", has_text="经济界").count() == 1
    page.get_by_test_id("committee-select").select_option(str(personas.liangzhou.pk))
    expect(page.locator("select[name=sector] option", has_text="凉州农业界")).to_have_count(1, timeout=30_000)
    assert page.locator("select[name=sector] option", has_text="经济界").count() == 0
    page.fill("input[name=name]", "马林")
    page.locator("select[name=sector]").select_option(label="凉州农业界")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/org/members/*/")
    assert "凉州区" in page.get_by_test_id("memberships").inner_text()


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(name, id_number, sector="经济界"):
    cells = {"姓名": name, "身份证号": id_number, "界别": sector, "委员职务": "委员"}
    return [cells.get(h, "") for h in HEADERS]


def test_it_imports_a_file_with_a_bad_row_and_shows_the_error(transactional_db, personas, login, live_server, settings):
    settings.MEDIA_ROOT = Path(settings.VAR_DIR) / "test-media"
    good = make_id_number(datetime.date(1980, 1, 2), 501, area="620600")
    content = _xlsx([_row("孙立", good), _row("吴刚", "620600198001020000", sector="不存在界别")])
    page = login(personas.staff)
    page.goto(f"{live_server.url}/org/members/import/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "委员.xlsx", "mimeType": "application/octet-stream", "buffer": content}],
    )
    page.get_by_role("button", name="上传并试导入").click()
    page.wait_for_url("**/org/members/import/*/?term=*")
    bad_row = page.get_by_test_id("import-row-3")
    assert "未知界别：不存在界别" in bad_row.inner_text()
    assert "身份证号校验位不正确" in bad_row.inner_text()
    assert page.get_by_role("button", name="全部导入").is_disabled()
    if os.environ.get("LVZHI_SCREENSHOTS"):
        out = Path(__file__).resolve().parents[3] / "screenshots"
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / "org-import_review-desktop.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(out / "org-import_review-phone.png"), full_page=True)
    page.get_by_role("button", name="仅导入无误的 1 行").click()
    page.wait_for_url("**/org/members/?committee=*")
    assert "新建 1 人" in page.content()
    assert "孙立" in page.get_by_test_id("member-results").inner_text()


@pytest.mark.skipif(not os.environ.get("LVZHI_SCREENSHOTS"), reason="set LVZHI_SCREENSHOTS=1 to take screenshots")
def test_it_takes_screenshots_of_the_main_pages(transactional_db, personas, login, live_server, browser):
    for i, name in enumerate(["张伟", "王静", "刘洋", "陈晨", "杨帆", "赵磊", "黄敏", "周杰", "吴霞", "徐亮"]):
        make_member(personas.wuwei, name, sector=personas.sector, party=personas.party if i % 2 else None)
    branch = PartyBranch.objects.create(committee=personas.wuwei, name="机关第一党支部", secretary="张伟")
    PartyBranch.objects.create(committee=personas.wuwei, name="第一党小组", kind="group", parent=branch)
    studio = Studio.objects.create(
        committee=personas.wuwei, name="李明委员工作室", lead=personas.member_person, address="凉州区东大街 1 号"
    )
    studio.members.set([personas.member_person])
    out = Path(__file__).resolve().parents[3] / "screenshots"
    out.mkdir(exist_ok=True)
    pages = {
        "member_list": "/org/members/",
        "member_detail": f"/org/members/{personas.member_person.pk}/",
        "member_create": "/org/members/new/",
        "committees": "/org/committees/",
        "branches": "/org/branches/",
        "studios": "/org/studios/",
        "dashboard": "/org/dashboard/",
        "import": "/org/members/import/",
    }
    for width, height, label in ((1280, 800, "desktop"), (390, 844, "phone")):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", personas.pii_staff.username)
        page.fill("input[name=password]", personas.password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        for key, url in pages.items():
            page.goto(live_server.url + url)
            page.screenshot(path=str(out / f"org-{key}-{label}.png"), full_page=True)
        context.close()
