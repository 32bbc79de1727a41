"""The author edits a plenary speech before the review, or after the office returned it for
changes; the earlier text stays as a version; after the review the edit is refused, on the page
and through the API alike."""

import datetime
import json

import pytest
from django.utils import timezone

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry
from lvzhi.meetings import services
from lvzhi.meetings.choices import SpeechState
from lvzhi.meetings.models import PlenarySpeechVersion

pytestmark = pytest.mark.django_db


def _submit(world, title="关于职业教育的建议", text="第一稿"):
    return services.submit_speech(actor=world.p.member, meeting=world.meeting, data={"title": title, "text": text})


def test_the_author_edits_a_submitted_speech_and_the_first_text_is_kept(world):
    speech = _submit(world)
    services.edit_speech(
        actor=world.p.member, speech=speech, data={"title": "关于职业教育的建议（修改）", "text": "第二稿"}
    )
    services.edit_speech(
        actor=world.p.member, speech=speech, data={"title": "关于职业教育的建议（修改）", "text": "第三稿"}
    )
    speech.refresh_from_db()
    assert (speech.title, speech.text, speech.state) == ("关于职业教育的建议（修改）", "第三稿", SpeechState.SUBMITTED)
    versions = list(PlenarySpeechVersion.objects.filter(speech=speech).values_list("number", "title", "text"))
    assert versions == [(1, "关于职业教育的建议", "第一稿"), (2, "关于职业教育的建议（修改）", "第二稿")]
    assert AuditEntry.objects.filter(action="plenary_speech.edit", object_id=str(speech.pk)).count() == 2


def test_an_edit_after_the_review_is_refused_and_changes_nothing(world):
    speech = _submit(world)
    services.review_speech(actor=world.staff, speech=speech, action="adopt_oral")
    with pytest.raises(IllegalTransition, match="不能再修改"):
        services.edit_speech(actor=world.p.member, speech=speech, data={"title": "新题目", "text": "新稿"})
    speech.refresh_from_db()
    assert (speech.title, speech.text) == ("关于职业教育的建议", "第一稿")
    assert not PlenarySpeechVersion.objects.exists()


def test_only_the_author_edits_and_bad_input_writes_nothing(world):
    speech = _submit(world)
    with pytest.raises(Forbidden):
        services.edit_speech(actor=world.staff, speech=speech, data={"title": "x", "text": "y"})
    with pytest.raises(Forbidden):
        services.edit_speech(actor=world.user(world.wang), speech=speech, data={"title": "x", "text": "y"})
    with pytest.raises(Invalid) as bad:
        services.edit_speech(actor=world.p.member, speech=speech, data={"title": "", "text": ""})
    assert set(bad.value.errors) == {"title", "text"}
    with pytest.raises(Invalid) as same:
        services.edit_speech(actor=world.p.member, speech=speech, data={"title": speech.title, "text": speech.text})
    assert "text" in same.value.errors
    assert not PlenarySpeechVersion.objects.exists()


def test_after_the_deadline_only_a_returned_speech_can_be_edited(world):
    speech = _submit(world)
    other = _submit(world, title="关于乡村振兴的建议")
    services.review_speech(actor=world.staff, speech=other, action="send_back", note="请补充数据")
    world.meeting.speech_deadline = timezone.now() - datetime.timedelta(minutes=1)
    world.meeting.save(update_fields=["speech_deadline"])
    with pytest.raises(IllegalTransition, match="截止"):
        services.edit_speech(actor=world.p.member, speech=speech, data={"title": "新题目", "text": "新稿"})
    services.edit_speech(actor=world.p.member, speech=other, data={"title": "关于乡村振兴的建议", "text": "补充了数据"})
    other.refresh_from_db()
    assert other.state == SpeechState.SUBMITTED  # the edit submitted it again
    assert other.review_note == ""


def test_sending_back_needs_a_note_and_the_author_sees_it(world):
    speech = _submit(world)
    with pytest.raises(Invalid):
        services.review_speech(actor=world.staff, speech=speech, action="send_back", note="")
    speech.refresh_from_db()
    assert speech.state == SpeechState.SUBMITTED
    services.review_speech(actor=world.staff, speech=speech, action="send_back", note="请压缩到1500字")
    speech.refresh_from_db()
    assert (speech.state, speech.review_note) == (SpeechState.RETURNED, "请压缩到1500字")
    with pytest.raises(IllegalTransition):
        services.review_speech(actor=world.staff, speech=speech, action="adopt_oral")


def test_editing_through_the_api_and_the_page(world, client):
    speech = _submit(world)
    client.force_login(world.p.member)

    def post(path, body):
        r = client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")
        return r.status_code, r.json()

    status, body = post(f"/plenary-speeches/{speech.pk}/edit", {"title": "改后的题目", "text": "API 修改稿"})
    assert status == 200, body
    assert body["text"] == "API 修改稿"
    assert [v["text"] for v in body["versions"]] == ["第一稿"]
    document = client.get("/api/v1/openapi.json").json()
    assert openapi_mismatches(document, "post", "/api/v1/plenary-speeches/{pk}/edit", 200, body) == []
    assert post(f"/plenary-speeches/{speech.pk}/edit", {"title": "", "text": "x"})[0] == 422

    page = client.get(f"/meetings/speeches/?meeting={world.meeting.pk}")
    assert 'data-testid="action-edit"' in page.content.decode()
    done = client.post(
        f"/meetings/speeches/{speech.pk}/edit/", {"title": "页面修改", "text": "页面修改稿", "note": "压缩"}
    )
    assert done.status_code == 302
    speech.refresh_from_db()
    assert speech.text == "页面修改稿"
    assert PlenarySpeechVersion.objects.filter(speech=speech).count() == 2
    listed = client.get(f"/meetings/speeches/?meeting={world.meeting.pk}").content.decode()
    assert listed.count('data-testid="speech-version"') == 2

    client.force_login(world.staff)
    assert post(f"/plenary-speeches/{speech.pk}/edit", {"title": "a", "text": "b"})[0] == 403
    client.force_login(world.staff)
    post(f"/plenary-speeches/{speech.pk}/adopt_written", {})
    client.force_login(world.p.member)
    status, body = post(f"/plenary-speeches/{speech.pk}/edit", {"title": "a", "text": "b"})
    assert status == 409 and "不能再修改" in body["message"]
    assert (
        'data-testid="action-edit"'
        not in client.get(f"/meetings/speeches/?meeting={world.meeting.pk}").content.decode()
    )
