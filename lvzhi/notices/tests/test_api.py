"""`/api/v1/notices/`: statuses, error bodies and the OpenAPI document against real responses."""

import datetime
import json

import pytest
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import make_user
from lvzhi.core.api import openapi_mismatches
from lvzhi.notices.factories import REPLY_FIELDS, make_notice
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply


def call(client, method, path, body=None, *, openapi=None, doc_path=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body, default=str)
    response = getattr(client, method)(path, **kwargs)
    data = response.json() if response.content else None
    if openapi is not None:
        problems = openapi_mismatches(openapi, method, doc_path or path, response.status_code, data)
        assert not problems, problems
    return response.status_code, data


@pytest.fixture
def notice(personas):
    return make_notice(personas.staff, personas.wuwei, reply=True)


def test_anonymous_calls_are_401(client, personas, notice):
    assert client.get("/api/v1/notices/").status_code == 401
    assert client.get(f"/api/v1/notices/{notice.pk}").status_code == 401


def test_staff_create_a_notice_and_get_201(client, personas, openapi):
    client.force_login(personas.staff)
    body = {
        "committee": "620600",
        "title": "关于视察的通知",
        "body": "<p>内容</p><script>x</script>",
        "kind": "notice",
        "reply_required": True,
        "reply_deadline": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        "reply_fields": REPLY_FIELDS,
    }
    status, data = call(client, "post", "/api/v1/notices/", body, openapi=openapi)
    assert status == 201 and data["state"] == "draft" and data["body"] == "<p>内容</p>"
    pk = data["id"]
    status, data = call(
        client,
        "post",
        f"/api/v1/notices/{pk}/publish",
        {},
        openapi=openapi,
        doc_path="/api/v1/notices/{notice_id}/publish",
    )
    assert status == 200 and data["state"] == "published" and data["timeline"][0]["to"] == "published"
    status, data = call(
        client,
        "post",
        f"/api/v1/notices/{pk}/publish",
        {},
        openapi=openapi,
        doc_path="/api/v1/notices/{notice_id}/publish",
    )
    assert status == 409 and data["code"] == "illegal_transition"
    status, data = call(
        client,
        "patch",
        f"/api/v1/notices/{pk}",
        {"title": "关于视察的通知（更正）"},
        openapi=openapi,
        doc_path="/api/v1/notices/{notice_id}",
    )
    assert status == 200 and data["revisions"][0]["title"] == "关于视察的通知"
    status, data = call(
        client,
        "post",
        f"/api/v1/notices/{pk}/withdraw",
        {"reason": ""},
        openapi=openapi,
        doc_path="/api/v1/notices/{notice_id}/withdraw",
    )
    assert status == 422 and "reason" in data["errors"]
    status, data = call(client, "post", f"/api/v1/notices/{pk}/withdraw", {"reason": "重发"})
    assert status == 200 and data["state"] == "withdrawn"


def test_bad_input_is_422_with_field_errors_and_nothing_written(client, personas, openapi):
    client.force_login(personas.staff)
    body = {"committee": personas.wuwei.pk, "title": "", "audience": "roles"}
    status, data = call(client, "post", "/api/v1/notices/", body, openapi=openapi)
    assert status == 422 and {"title", "roles"} <= set(data["errors"])
    # a date outside the platform's dates is refused by the schema, before any other check
    body = {"committee": personas.wuwei.pk, "title": "通知", "reply_deadline": "1900-01-01T00:00:00"}
    status, data = call(client, "post", "/api/v1/notices/", body, openapi=openapi)
    assert status == 422 and data["errors"] == {"reply_deadline": ["日期须在 1949-10-01 至 2100-12-31 之间。"]}
    status, data = call(client, "post", "/api/v1/notices/", {"title": 1})
    assert status == 422
    assert not Notice.objects.exists()


def test_a_committee_outside_the_scope_is_404(client, personas):
    client.force_login(personas.staff)
    status, data = call(client, "post", "/api/v1/notices/", {"committee": "620800", "title": "x"})
    assert status == 404


def test_a_member_lists_reads_and_replies(client, personas, notice, openapi):
    client.force_login(personas.member)
    status, data = call(client, "get", "/api/v1/notices/", openapi=openapi)
    assert status == 200 and data["count"] == 1 and data["items"][0]["read"] is False
    path = "/api/v1/notices/{notice_id}"
    status, data = call(client, "get", f"/api/v1/notices/{notice.pk}", openapi=openapi, doc_path=path)
    assert status == 200 and data["timeline"] == [] and data["members"] == []
    status, data = call(client, "post", f"/api/v1/notices/{notice.pk}/read", openapi=openapi, doc_path=path + "/read")
    assert status == 200 and data["read"] is True
    answers = {"answers": {"参加人": "李明", "是否参加": "参加", "人数": 2}}
    status, data = call(
        client, "post", f"/api/v1/notices/{notice.pk}/reply", answers, openapi=openapi, doc_path=path + "/reply"
    )
    assert status == 200 and data["my_answers"]["人数"] == "2"
    status, data = call(client, "post", f"/api/v1/notices/{notice.pk}/reply", {"answers": {"是否参加": "x"}})
    assert status == 422 and "参加人" in data["errors"]
    status, data = call(client, "get", "/api/v1/notices/?unread=true")
    assert data["count"] == 0
    assert NoticeRead.objects.count() == 1 and NoticeReply.objects.count() == 1


def test_a_member_may_not_act_or_read_receipts(client, personas, notice):
    client.force_login(personas.member)
    status, data = call(client, "post", f"/api/v1/notices/{notice.pk}/withdraw", {"reason": "x"})
    assert status == 403
    status, data = call(client, "get", f"/api/v1/notices/{notice.pk}/receipts")
    assert status == 403
    status, data = call(client, "patch", f"/api/v1/notices/{notice.pk}", {"title": "x"})
    assert status == 403
    status, data = call(client, "post", "/api/v1/notices/", {"committee": "620600", "title": "x"})
    assert status == 403


def test_other_committees_get_404(client, personas, notice):
    pl_user = make_user(
        "pl_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
    )
    for user in (pl_user, personas.other_staff):
        client.force_login(user)
        assert call(client, "get", f"/api/v1/notices/{notice.pk}")[0] == 404
        assert call(client, "post", f"/api/v1/notices/{notice.pk}/read")[0] == 404
        assert call(client, "post", f"/api/v1/notices/{notice.pk}/withdraw", {"reason": "x"})[0] == 404
        assert call(client, "get", "/api/v1/notices/")[1]["count"] == 0


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_are_refused(client, personas, notice, who):
    client.force_login(getattr(personas, who))
    assert call(client, "get", "/api/v1/notices/")[0] == 403
    assert call(client, "get", f"/api/v1/notices/{notice.pk}")[0] == 403


def test_staff_see_receipts_and_remind(client, personas, notice, openapi):
    client.force_login(personas.staff)
    path = "/api/v1/notices/{notice_id}"
    status, data = call(
        client, "get", f"/api/v1/notices/{notice.pk}/receipts", openapi=openapi, doc_path=path + "/receipts"
    )
    assert status == 200 and data["count"] == 1 and data["items"][0]["read_at"] is None
    status, data = call(
        client, "post", f"/api/v1/notices/{notice.pk}/remind", {}, openapi=openapi, doc_path=path + "/remind"
    )
    assert status == 200
    status, data = call(client, "get", "/api/v1/notices/?state=published&committee=620600")
    assert status == 200 and data["count"] == 1 and data["items"][0]["recipients_count"] == 1
    status, data = call(client, "get", "/api/v1/notices/abc")
    assert status == 404
