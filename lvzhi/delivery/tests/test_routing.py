"""From a notification to its deliveries and sends: preferences, mandatory kinds, quiet hours, retries,
rate limits, the SMS budget and the daily digest — over the real channels and local servers."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lvzhi.core.models import Notification
from lvzhi.core.notifications import notify
from lvzhi.delivery import services
from lvzhi.delivery.choices import Channel, Mode, Status
from lvzhi.delivery.factories import local, reachable, route
from lvzhi.delivery.models import Delivery, Digest, Policy, Preference
from lvzhi.delivery.policy import MAX_ATTEMPTS, is_quiet, quiet_end, retry_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(personas):
    return reachable(personas.member, email="liming@wuwei.example", wecom="LiMing")


def send_all(ids, now):
    return [services.send_delivery(pk, now=now) for pk in ids]


def test_with_no_channel_configured_only_the_inbox_is_written(personas, settings, django_capture_on_commit_callbacks):
    settings.CHANNELS = []
    with django_capture_on_commit_callbacks(execute=True):
        notify([personas.member], title="提案已立案", url="/proposals/1/", kind="proposals.filed")
    assert Notification.objects.filter(user=personas.member).count() == 1
    assert not Delivery.objects.exists()


def test_a_message_to_many_is_one_log_line_with_its_count(
    personas, settings, caplog, django_capture_on_commit_callbacks
):
    """A notice to a committee's hundreds of members (or the demo's meetings on first start) must not
    flood the log with a line per recipient: one line names the kind, the count and the first users."""
    settings.CHANNELS = []
    people = [personas.member, personas.leader, personas.staff, personas.unit_user, personas.county_staff]
    with caplog.at_level("INFO", logger="lvzhi.notifications"), django_capture_on_commit_callbacks(execute=True):
        notify(people, title="会议通知", url="/meetings/1/", kind="meetings.changed")
    lines = [r.getMessage() for r in caplog.records if r.name == "lvzhi.notifications"]
    assert len(lines) == 1
    assert "recipients=5" in lines[0] and "kind=meetings.changed" in lines[0] and "会议通知" in lines[0]
    assert Notification.objects.filter(title="会议通知").count() == 5


def test_notify_sends_on_every_channel_the_user_can_be_reached_on(
    channels_on, awake, gateway, mailbox, member, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([member, personas.staff], title="提案已立案", url="/proposals/1/", kind="proposals.filed")
    sent = {d.channel: d for d in Delivery.objects.filter(user=member)}
    assert set(sent) == {"sms", "wecom", "email"}
    assert {d.status for d in sent.values()} == {Status.SENT}
    assert sent["sms"].provider_message_id.startswith("biz-")
    assert sent["wecom"].provider_message_id.startswith("msg-")
    assert len(gateway.sms) == 1 and len(gateway.wecom) == 1 and len(mailbox.messages) == 1
    # the staff officer has no mobile, no e-mail, no 企业微信 account: the inbox only
    assert not Delivery.objects.filter(user=personas.staff).exists()
    assert Notification.objects.filter(user=personas.staff).count() == 1


def test_a_kind_turned_off_sends_nothing_but_the_inbox(channels_on, gateway, member):
    services.set_preferences(actor=member, modes={"proposals.filed": Mode.OFF})
    assert route([member], kind="proposals.filed") == []
    assert not Delivery.objects.exists()
    assert Notification.objects.filter(user=member).count() == 1


def test_a_mandatory_kind_is_sent_whatever_the_preference(channels_on, gateway, member, personas):
    services.set_preferences(actor=member, modes={"proposals.filed": Mode.OFF})
    services.set_policy(actor=personas.staff, committee=personas.wuwei, mandatory_kinds_=["proposals.filed"])
    ids = route([member], kind="proposals.filed", now=local(10))
    assert len(ids) == 3
    assert Delivery.objects.filter(mandatory=True).count() == 3


def test_sms_waits_out_the_quiet_hours_unless_mandatory(channels_on, gateway, member):
    night = local(23, 30)
    ids = route([member], kind="proposals.filed", now=night)
    sms = Delivery.objects.get(channel=Channel.SMS)
    assert sms.status == Status.DEFERRED and sms.pk not in ids
    assert sms.scheduled_at == local(7, day=8)
    send_all(ids, night)  # 企业微信 and e-mail go at once
    assert len(gateway.wecom) == 1 and gateway.sms == []
    assert services.due_delivery_ids(now=local(6, 59, day=8)) == []
    assert send_all(services.due_delivery_ids(now=local(7, 0, day=8)), local(7, 0, day=8)) == [Status.SENT]
    assert len(gateway.sms) == 1
    # a vote opening is mandatory by default: its SMS goes at night too
    ids = route([member], kind="meetings.vote_open", title="表决开始", now=night)
    assert Delivery.objects.get(kind="meetings.vote_open", channel=Channel.SMS).status == Status.QUEUED
    assert len(ids) == 3


def test_the_quiet_hours_and_retry_rules():
    assert is_quiet(local(22)) and is_quiet(local(3)) and not is_quiet(local(7)) and not is_quiet(local(21, 59))
    assert quiet_end(local(3)) == local(7) and quiet_end(local(22)) == local(7, day=8)
    now = local(10)
    assert retry_at(1, True, now) == now + datetime.timedelta(minutes=1)
    assert retry_at(3, True, now) == now + datetime.timedelta(minutes=4)
    assert retry_at(MAX_ATTEMPTS, True, now) is None
    assert retry_at(1, False, now) is None


def test_a_temporary_failure_is_retried_and_logged(channels_on, gateway, member, settings):
    settings.CHANNELS = ["sms"]
    gateway.sms_answers.append((200, "isv.BUSINESS_LIMIT_CONTROL"))
    now = local(10)
    [pk] = route([member], now=now)
    assert services.send_delivery(pk, now=now) == Status.RETRYING
    d = Delivery.objects.get(pk=pk)
    assert d.attempts == 1 and "BUSINESS_LIMIT_CONTROL" in d.error
    assert d.scheduled_at == now + datetime.timedelta(minutes=1)
    later = now + datetime.timedelta(minutes=2)
    assert send_all(services.due_delivery_ids(now=later), later) == [Status.SENT]
    d.refresh_from_db()
    assert d.attempts == 2 and d.sent_at == later and d.provider_message_id.startswith("biz-") and d.error == ""


def test_a_permanent_failure_is_final(channels_on, gateway, member, settings):
    settings.CHANNELS = ["sms"]
    gateway.sms_answers.append((200, "isv.MOBILE_NUMBER_ILLEGAL"))
    [pk] = route([member], now=local(10))
    assert services.send_delivery(pk, now=local(10)) == Status.FAILED
    assert services.due_delivery_ids(now=local(12)) == []


def test_temporary_failures_stop_after_the_last_attempt(channels_on, gateway, member, settings):
    settings.CHANNELS = ["sms"]
    gateway.sms_answers += [(503, "ServiceUnavailable")] * MAX_ATTEMPTS
    now = local(10)
    [pk] = route([member], now=now)
    states = [services.send_delivery(pk, now=now + datetime.timedelta(hours=i)) for i in range(MAX_ATTEMPTS)]
    assert states == [Status.RETRYING] * (MAX_ATTEMPTS - 1) + [Status.FAILED]
    assert Delivery.objects.get(pk=pk).attempts == MAX_ATTEMPTS


def test_a_delivery_sent_twice_sends_once(channels_on, gateway, member, settings):
    settings.CHANNELS = ["sms"]
    [pk] = route([member], now=local(10))
    assert services.send_delivery(pk, now=local(10)) == Status.SENT
    assert services.send_delivery(pk, now=local(10)) == Status.SENT
    assert len(gateway.sms) == 1


def test_a_send_cut_off_by_a_dead_worker_is_sent_again_later(channels_on, gateway, member, settings):
    settings.CHANNELS = ["sms"]
    now = local(10)
    [pk] = route([member], now=now)
    Delivery.objects.filter(pk=pk).update(status=Status.SENDING, claimed_at=now)  # taken, never finished
    assert services.due_delivery_ids(now=now + datetime.timedelta(minutes=5)) == []
    later = now + datetime.timedelta(minutes=16)
    assert send_all(services.due_delivery_ids(now=later), later) == [Status.SENT]
    assert len(gateway.sms) == 1


def test_the_hourly_rate_limit_folds_the_rest_into_the_digest(channels_on, gateway, member, settings):
    settings.CHANNELS = ["sms"]
    settings.CHANNEL_RATE_LIMITS = {"sms": 2}
    now = local(10)
    states = [send_all(route([member], title=f"消息{i}", now=now), now)[0] for i in range(3)]
    assert states == [Status.SENT, Status.SENT, Status.WAITING_DIGEST]
    assert len(gateway.sms) == 2
    # an hour later the limit has room again
    later = now + datetime.timedelta(hours=1, minutes=1)
    assert send_all(route([member], title="消息3", now=later), later) == [Status.SENT]


def test_the_sms_budget_warns_staff_at_80_percent_and_stops_at_100(
    channels_on, gateway, member, personas, settings, django_capture_on_commit_callbacks
):
    settings.CHANNELS = ["sms"]
    settings.CHANNEL_RATE_LIMITS = {}
    services.set_policy(actor=personas.staff, committee=personas.wuwei, sms_monthly_budget=5)
    now = local(10)
    with django_capture_on_commit_callbacks(execute=True):
        states = [
            send_all(route([member], title=f"消息{i}", committee=personas.wuwei, now=now), now)[0] for i in range(6)
        ]
    assert states == [Status.SENT] * 5 + [Status.SKIPPED]
    assert len(gateway.sms) == 5
    assert Delivery.objects.get(status=Status.SKIPPED).error == "本月短信额度已用完"
    told = list(Notification.objects.filter(user=personas.staff).values_list("title", flat=True))
    assert len(told) == 2  # once at 80%, once at the stop, not at every message
    assert any("80%" in t for t in told) and any("已用完" in t for t in told)
    # the inbox goes on
    assert Notification.objects.filter(user=member).count() == 6
    policy = Policy.objects.get(committee=personas.wuwei)
    assert policy.warned_month == policy.stopped_month == "2026-12"


def test_the_budget_taken_from_the_settings_keeps_the_default_mandatory_kinds(
    channels_on, gateway, member, personas, settings
):
    settings.CHANNELS = ["sms"]
    settings.SMS_MONTHLY_BUDGET = 1
    now = local(10)
    send_all(route([member], committee=personas.wuwei, now=now), now)
    policy = Policy.objects.get(committee=personas.wuwei)  # made to remember the warning
    assert policy.warned_month == "2026-12" and "meetings.vote_open" in policy.mandatory_kinds


def test_the_daily_digest_lists_everything_once_at_the_chosen_hour(channels_on, gateway, mailbox, member, settings):
    settings.CHANNELS = ["wecom", "email"]
    services.set_preferences(actor=member, modes={"proposals.filed": Mode.DIGEST}, digest_hour=20)
    for title in ("提案已立案：甲", "提案已立案：乙"):
        assert route([member], title=title, now=local(9)) == []
    assert Delivery.objects.filter(status=Status.WAITING_DIGEST).count() == 2
    assert services.open_digests(now=local(19, 59)) == []
    ids = services.open_digests(now=local(20, 5))
    assert send_all(ids, local(20, 5)) == [Status.SENT, Status.SENT]
    assert services.open_digests(now=local(21)) == []  # idempotent: one digest a day
    assert Digest.objects.count() == 1
    card = gateway.wecom[0]["textcard"]
    assert "2" in card["title"] and "提案已立案：甲" in card["description"] and "提案已立案：乙" in card["description"]
    assert len(mailbox.messages) == 1
    assert Delivery.objects.filter(status=Status.IN_DIGEST).count() == 2


def test_the_role_default_puts_staff_process_messages_in_the_digest(channels_on, personas):
    reachable(personas.staff, email="staff@wuwei.example")
    route([personas.staff], kind="proposals.submitted", now=local(10))
    assert Delivery.objects.get(user=personas.staff).status == Status.WAITING_DIGEST
    assert not Preference.objects.exists()


def test_the_commands_send_what_is_due_and_each_digest_once(channels_on, gateway, member, settings):
    settings.CHANNELS = ["wecom"]
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    gateway.wecom_answers.append(-1)  # busy: the first attempt is retried
    [pk] = route([member], now=an_hour_ago)
    assert services.send_delivery(pk, now=an_hour_ago) == Status.RETRYING
    call_command("send_deliveries", stdout=io.StringIO())
    assert Delivery.objects.get(pk=pk).status == Status.SENT
    services.set_preferences(actor=member, modes={"proposals.filed": Mode.DIGEST}, digest_hour=0)
    route([member], title="提案已立案：丙")
    for _ in range(2):
        call_command("send_digests", stdout=io.StringIO())
    assert len(gateway.wecom) == 2  # the retried message, then one digest
    assert "提案已立案：丙" in gateway.wecom[1]["textcard"]["description"]
