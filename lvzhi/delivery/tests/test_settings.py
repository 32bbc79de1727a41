"""The user's settings and the committee's policy: services, API and pages; the delivery state of a
notice on its page and in the API; every kind a module notifies of is declared."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core import registry
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.models import AuditEntry
from lvzhi.delivery import services
from lvzhi.delivery.choices import Mode, Status
from lvzhi.delivery.factories import reachable
from lvzhi.delivery.models import Delivery, Policy, Preference, Profile
from lvzhi.notices.factories import make_notice

pytestmark = pytest.mark.django_db


# --- services ---------------------------------------------------------------------------------------


def test_it_saves_a_users_choices(personas):
    services.set_preferences(
        actor=personas.member, modes={"proposals.filed": "digest", "notices.published": "off"}, digest_hour=7
    )
    assert dict(Preference.objects.values_list("kind", "mode")) == {
        "proposals.filed": "digest",
        "notices.published": "off",
    }
    assert Profile.objects.get(user=personas.member).digest_hour == 7
    assert AuditEntry.objects.filter(action="delivery.preferences", actor=personas.member).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"modes": {"proposals.filed": "sometimes"}}, "modes", "发送方式只能是立即发送、每日汇总或不发送"),
        ({"modes": {"no.such": "off"}}, "modes", "没有这种消息类型：no.such"),
        ({"digest_hour": 24}, "digest_hour", "不能大于 23。"),
        ({"digest_hour": "八点"}, "digest_hour", "应为整数。"),
        ({"wecom_userid": "x" * 65}, "wecom_userid", "企业微信账号不能超过64字。"),
    ],
)
def test_it_refuses_bad_choices_and_writes_nothing(personas, data, field, message):
    with pytest.raises(Invalid) as caught:
        services.set_preferences(actor=personas.member, **{"modes": {"notices.published": "off"}, **data})
    assert any(message in m for m in caught.value.errors[field])
    assert not Preference.objects.exists() and not Profile.objects.exists()


def test_a_mandatory_kind_cannot_be_turned_off(personas):
    services.set_policy(actor=personas.staff, committee=personas.wuwei, mandatory_kinds_=["notices.published"])
    with pytest.raises(Invalid) as caught:
        services.set_preferences(actor=personas.member, modes={"notices.published": Mode.DIGEST})
    assert "必达" in caught.value.errors["modes"][0]


def test_the_kinds_default_mandatory_until_the_committee_chooses(personas):
    with pytest.raises(Invalid):
        services.set_preferences(actor=personas.member, modes={"meetings.vote_open": Mode.OFF})
    services.set_policy(actor=personas.staff, committee=personas.wuwei, mandatory_kinds_=[])
    services.set_preferences(actor=personas.member, modes={"meetings.vote_open": Mode.OFF})


def test_administrators_have_no_message_settings(personas):
    with pytest.raises(Forbidden):
        services.set_preferences(actor=personas.sysadmin, digest_hour=8)


def test_only_the_committees_office_sets_its_policy(personas):
    with pytest.raises(Forbidden):
        services.set_policy(actor=personas.member, committee=personas.wuwei, sms_monthly_budget=100)
    with pytest.raises(NotFound):
        services.set_policy(actor=personas.other_staff, committee=personas.wuwei, sms_monthly_budget=100)
    with pytest.raises(Invalid):
        services.set_policy(actor=personas.staff, committee=personas.wuwei, sms_monthly_budget=-1)
    assert not Policy.objects.exists()


# --- API ----------------------------------------------------------------------------------------------


def test_the_api_reads_and_writes_the_users_settings(api, personas):
    status, body = api(personas.member, "get", "/me/delivery-settings")
    assert status == 200 and body["digest_hour"] == 18
    kinds = {k["key"]: k for k in body["kinds"]}
    assert kinds["meetings.vote_open"]["mandatory"] is True
    concerning = {k for k, kind in registry.notification_kinds().items() if kind.concerns({"member"})}
    assert set(kinds) == concerning and "proposals.submitted" not in kinds and "proposals.cosign" in kinds
    status, body = api(
        personas.member, "put", "/me/delivery-settings", {"digest_hour": 8, "modes": {"proposals.filed": "digest"}}
    )
    assert status == 200 and body["digest_hour"] == 8
    assert {k["key"]: k["mode"] for k in body["kinds"]}["proposals.filed"] == "digest"
    status, body = api(personas.member, "put", "/me/delivery-settings", {"modes": {"proposals.filed": "loud"}})
    assert status == 422 and body["code"] == "invalid" and "modes" in body["errors"]
    assert api(None, "get", "/me/delivery-settings")[0] == 401
    assert api(personas.auditor, "get", "/me/delivery-settings")[0] == 403


def test_the_api_reads_and_writes_the_committees_policy(api, personas):
    status, body = api(
        personas.staff,
        "put",
        "/delivery/policy",
        {"sms_monthly_budget": 3000, "mandatory_kinds": ["activities.changed"]},
    )
    assert status == 200 and body["sms_monthly_budget"] == 3000 and body["mandatory_kinds"] == ["activities.changed"]
    status, body = api(personas.staff, "get", "/delivery/policy?committee=620600")
    assert status == 200 and body["sms_used_this_month"] == 0
    assert api(personas.member, "get", "/delivery/policy")[0] == 403
    assert api(personas.other_staff, "get", "/delivery/policy?committee=620600")[0] == 404
    status, body = api(personas.staff, "put", "/delivery/policy", {"mandatory_kinds": ["no.such"]})
    assert status == 422 and "mandatory_kinds" in body["errors"]


# --- pages --------------------------------------------------------------------------------------------


def test_the_settings_page_shows_every_kind_and_saves(client, personas, django_assert_max_num_queries):
    client.force_login(personas.member)
    url = reverse("delivery:settings_edit")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200 and "消息接收设置" in text and "表决开始" in text and "必达" in text
    data = {"digest_hour": "7", "wecom_userid": "LiMing", "mode__proposals.filed": "off"}
    for key in registry.notification_kinds():
        data.setdefault(f"mode__{key}", "immediate")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Preference.objects.get(user=personas.member, kind="proposals.filed").mode == "off"
    assert Profile.objects.get(user=personas.member).wecom_userid == "LiMing"


def test_the_settings_page_shows_a_bad_account_and_writes_nothing(client, personas):
    client.force_login(personas.member)
    data = {"digest_hour": "7", "wecom_userid": "x" * 65}
    response = client.post(reverse("delivery:settings_edit"), data)
    assert response.status_code == 200 and "64" in response.content.decode()
    assert not Profile.objects.exists()


def test_the_policy_page_is_the_offices(client, personas):
    client.force_login(personas.member)
    assert client.get(reverse("delivery:policy_edit")).status_code == 403
    client.force_login(personas.staff)
    response = client.post(
        reverse("delivery:policy_edit"), {"sms_monthly_budget": "200", "mandatory_kinds": ["notices.published"]}
    )
    assert response.status_code == 302
    assert Policy.objects.get(committee=personas.wuwei).mandatory_kinds == ["notices.published"]
    assert "本月已发送短信 0 条，额度 200 条" in client.get(reverse("delivery:policy_edit")).content.decode()


# --- the delivery state of a notice -------------------------------------------------------------------


@pytest.fixture
def notice_sent(channels_on, awake, gateway, personas, settings, django_capture_on_commit_callbacks):
    settings.CHANNELS = ["sms"]
    reachable(personas.member)
    gateway.sms_answers.append((200, "isv.MOBILE_NUMBER_ILLEGAL"))
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice(personas.staff, personas.wuwei)
    return notice


def test_staff_see_the_delivery_state_on_the_notice_page(client, personas, notice_sent):
    assert Delivery.objects.filter(subject_type="notices.notice", subject_id=notice_sent.pk).exists()
    client.force_login(personas.staff)
    url = reverse("notices:detail", args=[notice_sent.pk])
    with CaptureQueriesContext(connection) as few:
        text = client.get(url).content.decode()
    assert 'data-testid="delivery-state"' in text and "发送失败" in text and "MOBILE_NUMBER_ILLEGAL" in text
    failed = Delivery.objects.get(subject_id=notice_sent.pk, status=Status.FAILED)
    copies = []
    for i in range(30):
        failed.pk = None
        failed.error = f"错误{i}"
        copies.append(Delivery(**{f.attname: getattr(failed, f.attname) for f in Delivery._meta.concrete_fields}))
    Delivery.objects.bulk_create(copies)
    with CaptureQueriesContext(connection) as many:
        text = client.get(url).content.decode()
    assert "错误29" in text and "共 31 条" in text
    assert len(many) == len(few)  # the state costs the same queries whatever the number of messages


def test_the_api_lists_a_notices_deliveries_to_its_office_only(api, personas, notice_sent):
    path = f"/deliveries/?subject_type=notices.notice&subject_id={notice_sent.pk}"
    status, body = api(personas.staff, "get", path)
    assert status == 200 and body["count"] >= 1
    assert body["items"][0]["status"] == Status.FAILED and body["items"][0]["channel"] == "sms"
    assert api(personas.member, "get", path)[0] == 403
    assert api(personas.other_staff, "get", path)[0] == 404
    assert api(personas.staff, "get", "/deliveries/?subject_type=no.such&subject_id=1")[0] == 404


# --- the table of kinds -------------------------------------------------------------------------------


CALLS = re.compile(r"\b(notify|notify_proposers|_tell)\((?!\))")


def notify_calls():
    """(where, function, argument text) of every call that notifies, outside the tests."""
    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/**/*.py")):
        if "tests" in path.parts or path.name == "notifications.py":
            continue
        text = path.read_text()
        for match in CALLS.finditer(text):
            if text[: match.start()].endswith("def "):
                continue
            depth, i = 1, match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
            where = f"{path.relative_to(root)}:{text[: match.start()].count(chr(10)) + 1}"
            yield where, match.group(1), text[match.end() : i]


def test_every_notify_call_names_a_declared_kind():
    kinds = set(registry.notification_kinds())
    calls = list(notify_calls())
    assert len(calls) > 40
    missing = [where for where, function, args in calls if function == "notify" and "kind=" not in args]
    assert not missing
    named = {where: k for where, _f, args in calls for k in re.findall(r'kind="([a-z_.]+)"', args)}
    assert {where: k for where, k in named.items() if k not in kinds} == {}
