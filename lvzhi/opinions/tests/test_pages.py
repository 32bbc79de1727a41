"""The pages: who sees what, forms, exports and documents, and query counts that do not grow."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from lvzhi.opinions import services
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.models import OpinionIssue, OpinionReport, Recipient, Sending


@pytest.fixture
def as_user(client):
    def _as(user):
        client.logout()
        client.force_login(user)
        return client

    return _as


def test_the_office_sees_the_list_queue_and_detail(world, as_user):
    report = world.report()
    c = as_user(world.staff)
    assert report.title in c.get("/opinions/").content.decode()
    assert report.title in c.get("/opinions/queue/?tab=new").content.decode()
    page = c.get(f"/opinions/{report.pk}/").content.decode()
    assert "do-accept" in page and "流程记录" in page


def test_a_member_sees_only_their_own_reports(world, as_user):
    report = world.report()
    c = as_user(world.member2)
    assert c.get("/opinions/").status_code == 403
    assert c.get(f"/opinions/{report.pk}/").status_code == 404
    assert c.post(f"/opinions/{report.pk}/accept/").status_code == 404
    assert report.title not in c.get("/opinions/mine/").content.decode()
    c = as_user(world.member)
    assert report.title in c.get("/opinions/mine/").content.decode()
    page = c.get(f"/opinions/{report.pk}/").content.decode()
    assert "do-accept" not in page and report.title in page


def test_another_committees_office_gets_404_and_outsiders_403(world, as_user):
    report = world.report()
    c = as_user(world.p.other_staff)
    for url in ("", "edit/", "diff/"):
        assert c.get(f"/opinions/{report.pk}/{url}").status_code == 404, url
    assert c.post(f"/opinions/{report.pk}/accept/").status_code == 404
    assert report.title not in c.get("/opinions/").content.decode()
    for user in (world.p.unit_user, *world.p.admins):
        c = as_user(user)
        assert c.get("/opinions/").status_code == 403
        assert c.get(f"/opinions/{report.pk}/").status_code == 403
    assert OpinionReport.objects.get(pk=report.pk).state == OpinionState.SUBMITTED


def test_submitting_on_the_page_and_bad_input_writes_nothing(world, as_user):
    c = as_user(world.member)
    count = OpinionReport.objects.count()
    r = c.post("/opinions/new/", {"title": "", "category": "社会民生", "content": "", "urgency": "normal"})
    assert r.status_code == 200 and OpinionReport.objects.count() == count and "invalid-feedback" in r.content.decode()
    services.save_settings(
        actor=world.staff, committee=world.p.wuwei, warn_length=100, max_length=150, feedback_days=30
    )
    r = c.post("/opinions/new/", {"title": "标题", "category": "社会民生", "content": "长" * 151, "urgency": "normal"})
    assert "150" in r.content.decode() and OpinionReport.objects.count() == count
    r = c.post("/opinions/new/", {"title": "标题", "category": "社会民生", "content": "长" * 120, "urgency": "normal"})
    report = OpinionReport.objects.latest("id")
    assert r.status_code == 302 and report.state == OpinionState.SUBMITTED
    assert "超过建议" in c.get(r["Location"]).content.decode()  # the length warning


def test_the_editor_edits_and_the_diff_is_viewable(world, as_user):
    report = world.accepted()
    c = as_user(world.staff)
    r = c.post(f"/opinions/{report.pk}/edit/", {"title": "新标题", "content": "改写后的内容", "suggestions": ""})
    assert r.status_code == 302
    page = c.get(f"/opinions/{report.pk}/diff/").content.decode()
    assert "<del" in page and "<ins" in page and "新标题" in page
    report.refresh_from_db()
    assert report.original_title == "关于改善农村冬季供暖条件的建议"


def test_the_actions_run_from_the_detail_page(world, as_user):
    report = world.accepted()
    other = world.report(world.member2, title="另一条")
    c = as_user(world.staff)
    c.post(f"/opinions/{report.pk}/combine/", {"others": [other.pk]})
    c.post(f"/opinions/{report.pk}/publish/", {"issue": "new", "issue_kind": "regular"})
    c.post(f"/opinions/{report.pk}/send/", {"recipients": [world.party_committee.pk], "date": ""})
    r = c.post(f"/opinions/{report.pk}/feedback/", {"text": ""})  # refused: nothing changes
    assert OpinionReport.objects.get(pk=report.pk).state == OpinionState.SENT
    assert "必填" in c.get(r["Location"]).content.decode()
    c.post(f"/opinions/{report.pk}/feedback/", {"text": "已办结"})
    assert OpinionReport.objects.get(pk=report.pk).state == OpinionState.CLOSED


def test_the_list_exports_its_filter_to_xlsx(world, as_user):
    world.report(title="供暖")
    world.report(world.member2, title="停车")
    c = as_user(world.staff)
    r = c.get("/opinions/export.xlsx?q=停车")
    sheet = load_workbook(io.BytesIO(r.content)).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["停车"]


def test_an_issue_exports_to_docx_in_the_official_layout(world, as_user):
    report = world.published()
    issue = report.issue
    r = as_user(world.staff).get(f"/opinions/issues/{issue.pk}/docx/")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "社情民意" in text and f"{issue.year}年第{issue.number}期" in text and report.title in text
    assert "武威市政协办公室编" in text and "李明 供稿" in text
    assert as_user(world.p.other_staff).get(f"/opinions/issues/{issue.pk}/docx/").status_code == 404


def test_configuration_pages(world, as_user):
    c = as_user(world.staff)
    assert c.get("/opinions/settings/").status_code == 200
    c.post("/opinions/settings/recipients/", {"committee": world.p.wuwei.pk, "name": "市教育局", "level": "department"})
    assert Recipient.objects.filter(committee=world.p.wuwei, name="市教育局").exists()
    count = Recipient.objects.count()
    c.post("/opinions/settings/recipients/", {"committee": world.p.wuwei.pk, "name": "", "level": "nonsense"})
    assert Recipient.objects.count() == count
    c.post("/opinions/issues/new/", {"committee": world.p.wuwei.pk, "kind": "special", "issued_on": "2024-03-01"})
    assert OpinionIssue.objects.get(kind="special").label == "社情民意专报 2024年第1期"
    assert as_user(world.member).get("/opinions/settings/").status_code == 403


def test_figures_and_points_pages(world, as_user):
    world.sent()
    c = as_user(world.staff)
    page = c.get("/opinions/figures/?period=cumulative").content.decode()
    assert 'data-figure="opinions.sent_local"' in page
    page = c.get("/opinions/figures/?period=cumulative&figure=opinions.sent_local").content.decode()
    assert "关于改善农村冬季供暖条件的建议" in page
    assert "李明" in c.get("/opinions/points/?period=cumulative").content.decode()
    assert as_user(world.leader).get("/opinions/figures/").status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", ["/opinions/", "/opinions/queue/?tab=tracking", "/opinions/mine/", "/opinions/issues/"])
def test_list_query_counts_do_not_grow_with_the_rows(world, as_user, url):
    user = world.member if "mine" in url else world.staff
    world.sent()
    c = as_user(user)
    c.get(url)  # the first visit writes the session once (the list's filter is remembered in it)
    before = _queries(c, url)
    for _ in range(6):
        world.sent()
    assert _queries(c, url) == before


def test_a_forwarded_reports_page_shows_both_lives_in_as_many_queries_whatever_they_hold(world, as_user):
    """The county's report and the copy it forwarded to the city: their sendings, instructions,
    adoptions and handlings are read in one statement for both (their timelines in one more), so
    the page runs as many statements before the city records anything as after."""
    import datetime

    county = services.create_report(
        actor=world.county_member,
        data={"title": "凉州区农村饮水安全问题", "category": "社会民生", "content": "部分村组水质不达标。"},
        submit=True,
    )
    services.accept_report(actor=world.p.county_staff, report=county)
    copy = services.forward_report(actor=world.p.county_staff, report=county)
    c = as_user(world.p.county_staff)
    url = f"/opinions/{county.pk}/"
    c.get(url)
    before = _queries(c, url)
    services.accept_report(actor=world.staff, report=copy)
    issue = services.create_issue(actor=world.staff, committee=world.p.wuwei)
    services.publish_report(actor=world.staff, report=copy, issue=issue)
    today = datetime.date.today()
    services.send_report(
        actor=world.staff, report=copy, recipients=[world.province.pk, world.department.pk], date=today
    )
    services.record_instruction(
        actor=world.staff,
        report=copy,
        leader="王副市长",
        position="副市长",
        level="city",
        date=today,
        text="请水务局研究落实。",
    )
    services.record_adoption(actor=world.staff, report=copy, by="provincial", reference="省政协专报第3期")
    services.record_handling(
        actor=world.staff, report=copy, result="已完成水源地改造。", unit_name="市水务局", date=today
    )
    with CaptureQueriesContext(connection) as ctx:
        page = c.get(url).content.decode()
    assert len(ctx) == before
    life = ("opinions_sending", "opinions_instruction", "opinions_adoption", "opinions_handling")
    assert len([q for q in ctx.captured_queries if any(table in q["sql"] for table in life)]) == 1
    assert len([q for q in ctx.captured_queries if '"core_transition"' in q["sql"]]) == 1
    for text in (
        "省政协办公厅",
        "市卫生健康委",
        "王副市长",
        "请水务局研究落实。",
        "省政协专报第3期",
        "市水务局",
        "已完成水源地改造。",
    ):
        assert text in page, text
    first, second = (s.recipient.name for s in Sending.objects.filter(report=copy))  # their order: date, id
    assert page.index(first) < page.index(second)


def test_the_office_sends_to_its_recipients_and_records_the_units_handling_from_one_read(world, as_user):
    report = world.sent()
    inactive = services.create_recipient(
        actor=world.staff, committee=world.p.wuwei, name="已停用单位", level="department"
    )
    Recipient.objects.filter(pk=inactive.pk).update(is_active=False)
    c = as_user(world.staff)
    url = f"/opinions/{report.pk}/"
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = c.get(url).content.decode()
    assert 'data-testid="send"' in page and "登记落实情况" in page
    recipients = [r.name for r in Recipient.objects.filter(committee=world.p.wuwei, is_active=True)]
    assert [page.index(f">{name} <") for name in recipients] == sorted(page.index(f">{name} <") for name in recipients)
    assert "已停用单位" not in page
    assert f'<option value="{world.p.unit.pk}">{world.p.unit.name}</option>' in page
    lists = [q for q in ctx.captured_queries if 'FROM "opinions_recipient"' in q["sql"] or '"org_unit"' in q["sql"]]
    assert len(lists) == 1


@pytest.mark.parametrize("sort", ["abc", "²", "99999999999999999999", "-1"])
def test_a_recipient_with_an_order_that_is_no_number_is_refused_with_a_message(world, as_user, sort):
    """The add form's order went to the database as typed (a number beyond its column: a server error)
    or became 0 without a word; the service reads and bounds it, as a category's."""
    c = as_user(world.staff)
    before = Recipient.objects.count()
    page = c.post(
        "/opinions/settings/recipients/", {"name": "市信访局", "level": "department", "sort": sort}, follow=True
    )
    assert page.status_code == 200 and Recipient.objects.count() == before
    body = page.content.decode()
    assert "应为整数" in body or "不能小于" in body or "不能大于" in body or "数值过大" in body
    c.post("/opinions/settings/recipients/", {"name": "市信访局", "level": "department", "sort": "7"})
    assert Recipient.objects.get(name="市信访局").sort == 7
