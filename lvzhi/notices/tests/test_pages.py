"""The notice pages: who may open what, the inbox and its unread marks, opening marks read, the
reply form, the office's list, receipts and their exports, query counts that do not grow."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import make_user
from lvzhi.core.factories import PDF
from lvzhi.core.models import AuditEntry
from lvzhi.core.pickers import search, source_of
from lvzhi.notices.factories import make_notice
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply, NoticeRevision
from lvzhi.org.audience_choices import AUDIENCE_SOURCES
from lvzhi.org.factories import make_member
from lvzhi.org.models import Sector, Unit


@pytest.fixture
def notice(personas):
    return make_notice(personas.staff, personas.wuwei, reply=True, title="关于报名参加培训的通知")


def test_an_anonymous_visitor_is_sent_to_the_login(client, personas, notice):
    for url in ("/notices/", "/notices/manage/", f"/notices/{notice.pk}/", f"/notices/{notice.pk}/receipts/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_member_sees_the_notice_unread_then_read_after_opening_it(client, personas, notice):
    client.force_login(personas.member)
    page = client.get("/notices/").content.decode()
    assert "关于报名参加培训的通知" in page and 'data-read="0"' in page
    response = client.get(f"/notices/{notice.pk}/")
    assert response.status_code == 200 and "提交回执" in response.content.decode()
    assert NoticeRead.objects.filter(notice=notice, user=personas.member).exists()
    assert 'data-read="1"' in client.get("/notices/").content.decode()


def test_a_member_replies_through_the_page(client, personas, notice):
    client.force_login(personas.member)
    response = client.post(f"/notices/{notice.pk}/reply/", {"参加人": "李明", "是否参加": "参加", "人数": "1"})
    assert response.status_code == 302
    assert NoticeReply.objects.get(notice=notice).answers == {"参加人": "李明", "是否参加": "参加", "人数": "1"}


def test_a_bad_reply_shows_the_errors_and_writes_nothing(client, personas, notice):
    client.force_login(personas.member)
    response = client.post(f"/notices/{notice.pk}/reply/", {"是否参加": "参加", "人数": "abc"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "参加人必填" in body and "应为数字" in body
    assert not NoticeReply.objects.exists()


def test_a_member_of_another_committee_gets_404(client, personas, notice):
    pl_user = make_user(
        "pl_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
    )
    client.force_login(pl_user)
    assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert "关于报名" not in client.get("/notices/").content.decode()
    assert client.post(f"/notices/{notice.pk}/reply/", {"参加人": "x"}).status_code == 404


def test_staff_of_another_committee_gets_404(client, personas, notice):
    client.force_login(personas.other_staff)
    assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert client.get(f"/notices/{notice.pk}/receipts/").status_code == 404
    assert client.get(f"/notices/{notice.pk}/edit/").status_code == 404
    assert client.post(f"/notices/{notice.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert "关于报名" not in client.get("/notices/manage/").content.decode()


def test_a_unit_user_sees_only_what_is_addressed_to_their_unit(client, personas, notice):
    client.force_login(personas.unit_user)
    assert client.get(f"/notices/{notice.pk}/").status_code == 404
    to_unit = make_notice(personas.staff, personas.wuwei, title="致承办单位", units=[personas.unit.pk])
    assert "致承办单位" in client.get("/notices/").content.decode()
    assert client.get(f"/notices/{to_unit.pk}/").status_code == 200
    assert client.get("/notices/manage/").status_code == 403


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_the_administrators_see_no_notices(client, personas, notice, who):
    client.force_login(getattr(personas, who))
    for url in ("/notices/", "/notices/manage/", f"/notices/{notice.pk}/", "/notices/new/"):
        assert client.get(url).status_code == 403, url


def test_a_member_cannot_open_the_office_pages(client, personas, notice):
    client.force_login(personas.member)
    for url in ("/notices/manage/", "/notices/new/", f"/notices/{notice.pk}/receipts/", f"/notices/{notice.pk}/edit/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/notices/{notice.pk}/withdraw/", {"reason": "x"}).status_code == 403


def test_a_leader_reads_but_does_not_manage(client, personas, notice):
    client.force_login(personas.leader)
    assert client.get("/notices/manage/").status_code == 200
    assert client.get(f"/notices/{notice.pk}/receipts/").status_code == 200
    assert client.get("/notices/new/").status_code == 403


def test_staff_create_publish_edit_and_withdraw_through_the_pages(client, personas):
    client.force_login(personas.staff)
    response = client.post(
        "/notices/new/",
        {
            "committee": personas.wuwei.pk,
            "title": "关于调研的通知",
            "kind": "notice",
            "body": "<p>正文<script>x</script></p>",
            "audience": "all",
            "reply_required": "on",
            "reply_deadline": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "reply_fields": "参加人|文字|必填\n是否参加|选项|必填|参加/不参加",
            "file": SimpleUploadedFile("议程.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get(title="关于调研的通知")
    assert notice.body == "<p>正文</p>" and notice.attachments.count() == 1
    assert [f["name"] for f in notice.reply_fields] == ["参加人", "是否参加"]
    assert notice.reply_fields[1]["choices"] == ["参加", "不参加"]
    assert client.get(f"/notices/{notice.pk}/publish/").status_code == 200
    assert client.post(f"/notices/{notice.pk}/publish/", {}).status_code == 302
    notice.refresh_from_db()
    assert notice.state == "published"
    edit = client.get(f"/notices/{notice.pk}/edit/")
    assert edit.status_code == 200 and "是否参加|选项|必填|参加/不参加" in edit.content.decode()
    data = {
        "committee": personas.wuwei.pk,
        "title": "关于调研的通知（更正）",
        "kind": "notice",
        "body": "<p>正文</p>",
        "audience": "all",
        "reply_required": "on",
        "reply_deadline": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "reply_fields": "参加人|文字|必填",
    }
    assert client.post(f"/notices/{notice.pk}/edit/", data).status_code == 302
    assert NoticeRevision.objects.get(notice=notice).title == "关于调研的通知"
    detail = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="revisions"' in detail and 'data-testid="timeline"' in detail
    # a member can download the attachment of a notice addressed to them
    client.force_login(personas.member)
    attachment = notice.attachments.get()
    download = client.get(f"/notices/{notice.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(personas.staff)
    response = client.post(f"/notices/{notice.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 422
    assert client.post(f"/notices/{notice.pk}/withdraw/", {"reason": "更正后重发"}).status_code == 302
    notice.refresh_from_db()
    assert notice.state == "withdrawn"


def test_a_bad_notice_form_shows_errors_and_writes_nothing(client, personas):
    client.force_login(personas.staff)
    response = client.post(
        "/notices/new/",
        {"committee": personas.wuwei.pk, "title": "x", "kind": "notice", "audience": "members", "reply_required": "on"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "请选择接收范围" in body and "须设截止时间" in body
    assert not Notice.objects.exists()


def test_the_committee_is_chosen_above_the_form_and_a_foreign_one_is_refused_with_a_message(client, personas):
    client.force_login(personas.county_staff)
    page = client.get(f"/notices/new/?committee={personas.liangzhou.pk}").content.decode()
    assert f'<input type="hidden" name="committee" value="{personas.liangzhou.pk}"' in page  # not a second list
    response = client.post(
        "/notices/new/", {"committee": personas.pingliang.pk, "title": "通知", "kind": "notice", "audience": "members"}
    )
    assert response.status_code == 200
    assert "发布委员会：" in response.content.decode()  # the hidden field's error, shown above the form
    assert not Notice.objects.exists()


def test_the_audience_lists_name_the_committee_of_a_record_below_the_chosen_one(client, personas):
    """A city's sectors, parties and units come again in each of its counties: the county's are told
    apart by their committee's name, in the options and in the search's matches alike."""
    Sector.objects.create(committee=personas.liangzhou, name="经济界")
    Unit.objects.create(committee=personas.liangzhou, name="凉州区教育局")
    client.force_login(personas.staff)
    page = client.get(f"/notices/new/?committee={personas.wuwei.pk}").content.decode()
    sectors = re.search(r'<select name="sectors".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", sectors)
    assert options == ["经济界", "经济界 · 凉州区"]  # the chosen committee's first, as they are
    units = re.search(r'<select name="units".*?</select>', page, re.S).group(0)
    assert "凉州区教育局 · 凉州区" in units and ">武威市教育局<" in units
    source = source_of(AUDIENCE_SOURCES["sectors"].choice_source_key)
    assert [label for _record, label in search(source, [personas.wuwei.pk], "经济")] == ["经济界", "经济界 · 凉州区"]
    county = client.get(f"/notices/new/?committee={personas.liangzhou.pk}").content.decode()
    assert re.findall(
        r"<option[^>]*>([^<]*)</option>", re.search(r'<select name="sectors".*?</select>', county, re.S).group(0)
    ) == ["经济界"]


def test_the_office_list_offers_its_periods_in_words(client, personas, notice):
    client.force_login(personas.staff)
    year = timezone.localdate().year
    page = client.get(f"/notices/manage/?period=year:{year}").content.decode()
    chooser = re.search(r'<select name="period".*?</select>', page, re.S).group(0)
    assert f'<option value="year:{year}" selected>{year}年</option>' in chooser and "全部期间" in chooser
    assert "year:" not in re.sub(r'value="[^"]*"', "", chooser)  # no code a user reads


def test_the_office_list_and_receipts_export_xlsx(client, personas, notice):
    client.force_login(personas.staff)
    response = client.get("/notices/manage/?export=xlsx&kind=notice")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    response = client.get(f"/notices/{notice.pk}/receipts/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="export.xlsx").count() == 2
    page = client.get(f"/notices/{notice.pk}/receipts/").content.decode()
    assert 'data-user="member"' in page


def test_the_remind_page_sends_a_reminder(client, personas, notice):
    client.force_login(personas.staff)
    assert client.post(f"/notices/{notice.pk}/remind/", {"note": "请回执"}).status_code == 302
    assert AuditEntry.objects.filter(action="notice.remind").exists()


def test_the_figures_page_and_its_drill_down(client, personas, notice):
    client.force_login(personas.staff)
    assert client.get("/notices/figures/").status_code == 200
    for key in ("notices.published", "notices.read_rate", "notices.replies"):
        assert client.get(f"/notices/figures/?figure={key}").status_code == 200


def _many(personas, n):
    for i in range(n):
        make_notice(personas.staff, personas.wuwei, title=f"通知{i}", reply=i % 2 == 0)


@pytest.mark.parametrize("rows", [1, 10])
def test_the_inbox_query_count_does_not_grow(client, personas, django_assert_max_num_queries, rows):
    _many(personas, rows)
    client.force_login(personas.member)
    with django_assert_max_num_queries(16):
        assert client.get("/notices/").status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_the_office_list_query_count_does_not_grow(client, personas, django_assert_max_num_queries, rows):
    _many(personas, rows)
    client.force_login(personas.staff)
    with django_assert_max_num_queries(16):
        assert client.get("/notices/manage/").status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_the_receipts_query_count_does_not_grow(client, personas, notice, django_assert_max_num_queries, rows):
    for i in range(rows):
        person = make_member(personas.wuwei, f"委员{i}")
        make_user(f"m{i}", roles=[Role.MEMBER], committee=personas.wuwei, member=person)
    client.force_login(personas.staff)
    with django_assert_max_num_queries(22):
        assert client.get(f"/notices/{notice.pk}/receipts/").status_code == 200


def test_the_detail_query_count_is_bounded(client, personas, notice, django_assert_max_num_queries):
    client.force_login(personas.member)
    with django_assert_max_num_queries(30):
        assert client.get(f"/notices/{notice.pk}/").status_code == 200
