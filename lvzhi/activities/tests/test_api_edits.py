"""What the pages can do, the API can do: edit an activity, edit and delete speeches and outcomes,
and an outcome's tracking steps (send, instruct, act) — over the same services, with the same
refusals (DESIGN.md: 403, 404 outside scope, 409 in the wrong state, 422 naming the field)."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.activities import services
from lvzhi.activities.choices import ActivityState, OutcomeState
from lvzhi.activities.models import Activity, Outcome, Speech
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.duties.models import DutyEvent


def _fields(activity, names):
    activity.refresh_from_db()
    return {name: getattr(activity, name) for name in names}


# --- Editing an activity -------------------------------------------------------------------------


def test_editing_an_activity_through_the_api_equals_the_edit_page(world, api, client):
    start = timezone.localtime(timezone.now() - datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    changes = {"topic": "黄河流域生态保护专题协商会", "place": "市政协一楼报告厅", "people_reached": 120}
    by_api = world.new_activity(topic="甲")
    by_page = world.new_activity(topic="乙")

    when = {"start": start.isoformat(), "end": start.isoformat()}
    status, body = api(world.staff, "patch", f"/activities/{by_api.pk}", {**changes, **when})
    assert status == 200 and body["topic"] == changes["topic"] and body["people_reached"] == 120, body

    client.force_login(world.staff)
    form = {
        "committee": world.p.wuwei.pk,
        "kind": "consultation",
        "subkind": "专题",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": start.strftime("%Y-%m-%dT%H:%M"),
        **changes,
    }
    assert client.post(f"/activities/{by_page.pk}/edit/", form).status_code == 302
    names = ["kind", "subkind", "topic", "place", "start", "end", "people_reached", "state", "organiser"]
    assert _fields(by_api, names) == _fields(by_page, names)
    assert AuditEntry.objects.filter(action="activity.update", object_id=str(by_api.pk)).count() == 1


def test_only_the_fields_sent_change(world, api):
    before = _fields(world.activity, ["topic", "start", "end", "subkind"])
    status, body = api(world.staff, "patch", f"/activities/{world.activity.pk}", {"place": "线上"})
    assert status == 200 and body["place"] == "线上"
    assert _fields(world.activity, ["topic", "start", "end", "subkind"]) == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"topic": ""}, "topic"),
        ({"end": "2000-01-01T09:00:00+08:00"}, "end"),
        ({"start": "2200-01-01T09:00:00+08:00", "end": "2200-01-01T10:00:00+08:00"}, "start"),
        ({"subkind": "不存在的子类"}, "subkind"),
        ({"kind": "party"}, "kind"),
        ({"organiser_committee": 999999}, "organiser_committee"),
        ({"people_reached": -1}, "people_reached"),
    ],
)
def test_a_bad_edit_is_422_and_changes_nothing(world, api, body, field):
    names = ["kind", "subkind", "topic", "start", "end", "people_reached", "organiser_committee_id"]
    before = _fields(world.activity, names)
    status, answer = api(world.staff, "patch", f"/activities/{world.activity.pk}", body)
    assert status == 422 and field in answer["errors"], answer
    assert _fields(world.activity, names) == before
    assert not AuditEntry.objects.filter(action="activity.update").exists()


def test_who_may_not_edit_an_activity_is_refused(world, api):
    path = f"/activities/{world.activity.pk}"
    assert api(world.member, "patch", path, {"topic": "x"})[0] == 403
    assert api(world.p.other_staff, "patch", path, {"topic": "x"})[0] == 404
    assert api(world.p.unit_user, "patch", path, {"topic": "x"})[0] == 403
    assert api(None, "patch", path, {"topic": "x"})[0] == 401
    services.cancel_activity(actor=world.staff, activity=world.activity)
    assert api(world.staff, "patch", path, {"topic": "x"})[0] == 409
    assert Activity.objects.get(pk=world.activity.pk).topic == "荒漠化综合防治双月协商座谈会"


def test_the_activity_steps_come_from_its_action_table_on_both_sides(world, api, client):
    """The API's finish equals the page's finish button (the same table, the same service)."""
    world.invite_all()
    other = world.new_activity(topic="另一场")
    services.invite(actor=world.staff, activity=other, values=[world.person.pk, world.person2.pk, world.person3.pk])
    status, body = api(world.staff, "post", f"/activities/{world.activity.pk}/finish", {"note": "按时结束"})
    assert status == 200 and body["state"] == ActivityState.FINISHED
    assert body["attendance"]["absent"] == 3 and body["timeline"][-1]["note"] == "按时结束"
    client.force_login(world.staff)
    assert client.post(f"/activities/{other.pk}/finish/", {"note": "按时结束"}).status_code == 302
    other.refresh_from_db()
    assert other.state == ActivityState.FINISHED
    assert other.attendances.filter(state="absent").count() == 3
    # a stale button: the page says why, the API answers 409
    assert client.post(f"/activities/{other.pk}/cancel/").status_code == 302
    assert Activity.objects.get(pk=other.pk).state == ActivityState.FINISHED
    assert api(world.staff, "post", f"/activities/{world.activity.pk}/cancel")[0] == 409


# --- Speeches ------------------------------------------------------------------------------------


def test_staff_and_the_speaker_edit_a_speech_others_cannot(world, api):
    world.invite_all()
    speech = world.speech()
    path = f"/activities/{world.activity.pk}/speeches/{speech.pk}"
    status, body = api(world.staff, "patch", path, {"title": "关于沙产业的发言", "mode": "written"})
    assert status == 200 and body["title"] == "关于沙产业的发言" and body["mode"] == "written"
    status, body = api(world.member, "patch", path, {"text": "全文"})
    assert status == 200 and body["text"] == "全文" and body["title"] == "关于沙产业的发言"
    assert api(world.member, "patch", path, {"member": world.person2.pk})[0] == 403  # not theirs to hand on
    assert api(world.member2, "patch", path, {"title": "x"})[0] == 404  # not their speech
    assert api(world.p.other_staff, "patch", path, {"title": "x"})[0] == 404
    assert api(world.staff, "patch", path, {"title": ""})[0] == 422
    assert api(world.staff, "patch", path, {"mode": "sung"})[0] == 422
    speech.refresh_from_db()
    assert (speech.title, speech.member_id) == ("关于沙产业的发言", world.person.pk)
    assert AuditEntry.objects.filter(action="speech.update", object_id=str(speech.pk)).count() == 2


def test_deleting_a_speech_removes_it_and_its_duty_event(world, api):
    world.invite_all()
    services.finish_activity(actor=world.staff, activity=world.activity)
    speech = world.speech()
    other = world.speech(person=world.person2, title="另一篇")
    assert DutyEvent.objects.filter(source_id=speech.pk, kind="activities.spoke").exists()
    path = f"/activities/{world.activity.pk}/speeches/{speech.pk}"
    assert api(world.member2, "delete", path)[0] == 404
    assert api(world.p.other_staff, "delete", path)[0] == 404
    assert api(world.member, "delete", path)[0] == 204
    assert not Speech.objects.filter(pk=speech.pk).exists()
    assert not DutyEvent.objects.filter(source_id=speech.pk, kind="activities.spoke").exists()
    assert AuditEntry.objects.filter(action="speech.delete", object_id=str(speech.pk)).count() == 1
    assert api(world.staff, "delete", path)[0] == 404
    assert Speech.objects.filter(pk=other.pk).exists()


# --- Outcomes ------------------------------------------------------------------------------------


def test_staff_edit_an_outcome_others_cannot(world, api):
    world.invite_all()
    outcome = world.outcome()
    path = f"/activities/{world.activity.pk}/outcomes/{outcome.pk}"
    status, body = api(world.staff, "patch", path, {"text": "正文", "authors": [world.person2.pk]})
    assert status == 200 and body["text"] == "正文" and [a["id"] for a in body["authors"]] == [world.person2.pk]
    assert body["title"] == "关于加强荒漠化综合防治的建议"
    assert api(world.member, "patch", path, {"title": "x"})[0] == 404
    assert api(world.p.other_staff, "patch", path, {"title": "x"})[0] == 404
    status, answer = api(world.staff, "patch", path, {"title": ""})
    assert status == 422 and "title" in answer["errors"]
    outcome.refresh_from_db()
    assert outcome.text == "正文"
    assert AuditEntry.objects.filter(action="outcome.update", object_id=str(outcome.pk)).count() == 1


def test_only_a_draft_outcome_may_be_deleted(world, api):
    draft, sent = world.outcome(), world.outcome(title="已报送的成果")
    services.send_outcome(actor=world.staff, outcome=sent, sent_to="市委办公室")
    base = f"/activities/{world.activity.pk}/outcomes"
    assert api(world.member, "delete", f"{base}/{draft.pk}")[0] == 404
    assert api(world.staff, "delete", f"{base}/{sent.pk}")[0] == 409
    assert api(world.staff, "delete", f"{base}/{draft.pk}")[0] == 204
    assert list(Outcome.objects.values_list("pk", flat=True)) == [sent.pk]
    assert AuditEntry.objects.filter(action="outcome.delete", object_id=str(draft.pk)).count() == 1


def test_an_outcome_is_tracked_through_the_api_as_on_its_page(world, api, client):
    by_api, by_page = world.outcome(), world.outcome(title="页面上的成果")
    steps = [
        ("send", {"sent_to": "市委办公室", "sent_on": "2024-05-01"}),
        ("instruct", {"instructions": "请市林草局研究落实。"}),
        ("act", {"follow_up": "已纳入年度治沙计划。"}),
    ]
    client.force_login(world.staff)
    for action, body in steps:
        status, answer = api(world.staff, "post", f"/activities/outcomes/{by_api.pk}/{action}", body)
        assert status == 200, answer
        client.force_login(world.staff)
        assert client.post(f"/activities/outcomes/{by_page.pk}/{action}/", body).status_code == 302
    assert answer["state"] == OutcomeState.ACTED
    names = ["state", "sent_to", "sent_on", "instructions", "follow_up"]
    a, b = Outcome.objects.get(pk=by_api.pk), Outcome.objects.get(pk=by_page.pk)
    assert {n: getattr(a, n) for n in names} == {n: getattr(b, n) for n in names}
    assert a.sent_on == datetime.date(2024, 5, 1)
    for outcome in (a, b):
        assert list(
            Transition.objects.filter(content_type__model="outcome", object_id=outcome.pk)
            .order_by("id")
            .values_list("action", flat=True)
        ) == ["send", "instruct", "act"]


def test_outcome_steps_refuse_as_the_design_says(world, api):
    outcome = world.outcome()
    path = f"/activities/outcomes/{outcome.pk}"
    assert api(world.staff, "post", f"{path}/act", {"follow_up": "已落实"})[0] == 409
    status, answer = api(world.staff, "post", f"{path}/send", {"sent_to": ""})
    assert status == 422 and "sent_to" in answer["errors"]
    status, answer = api(world.staff, "post", f"{path}/send", {"sent_to": "市委", "sent_on": "1900-01-01"})
    assert status == 422 and "sent_on" in answer["errors"]
    assert api(world.member, "post", f"{path}/send", {"sent_to": "市委"})[0] == 404
    assert api(world.p.other_staff, "post", f"{path}/send", {"sent_to": "市委"})[0] == 404
    assert api(world.p.unit_user, "post", f"{path}/send", {"sent_to": "市委"})[0] == 403
    assert api(None, "post", f"{path}/send", {"sent_to": "市委"})[0] == 401
    assert api(world.staff, "post", "/activities/outcomes/999999/send", {"sent_to": "市委"})[0] == 404
    assert Outcome.objects.get(pk=outcome.pk).state == OutcomeState.DRAFT


def test_the_new_answers_match_the_openapi_document(world, api, client):
    world.invite_all()
    speech, outcome = world.speech(), world.outcome()
    document = client.get("/api/v1/openapi.json").json()
    send = "/api/v1/activities/outcomes/{pk}/send"
    checks = [
        ("patch", "/api/v1/activities/{id}", f"/activities/{world.activity.pk}", {"place": "线上"}),
        (
            "patch",
            "/api/v1/activities/{id}/speeches/{speech_id}",
            f"/activities/{world.activity.pk}/speeches/{speech.pk}",
            {"title": "新题目"},
        ),
        (
            "patch",
            "/api/v1/activities/{id}/outcomes/{outcome_id}",
            f"/activities/{world.activity.pk}/outcomes/{outcome.pk}",
            {"title": "新标题"},
        ),
        ("post", send, f"/activities/outcomes/{outcome.pk}/send", {"sent_to": ""}),
        ("post", send, f"/activities/outcomes/{outcome.pk}/send", {"sent_to": "市委"}),
        ("post", "/api/v1/activities/{id}/cancel", f"/activities/{world.activity.pk}/cancel", None),
    ]
    for method, template, path, body in checks:
        status, answer = api(world.staff, method, path, body)
        assert openapi_mismatches(document, method, template, status, answer) == [], (template, status, answer)
    assert "delete" in document["paths"]["/api/v1/activities/{id}/speeches/{speech_id}"]
    assert "delete" in document["paths"]["/api/v1/activities/{id}/outcomes/{outcome_id}"]
