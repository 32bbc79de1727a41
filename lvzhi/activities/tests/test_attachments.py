"""Speech and outcome files through the API (multipart upload), with the pages' rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.activities import services
from lvzhi.activities.models import Outcome, Speech
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.models import Attachment, AuditEntry

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def upload(client):
    def call(user, path, content=PDF, name="发言稿.pdf"):
        client.logout()
        if user is not None:
            client.force_login(user)
        data = {"file": SimpleUploadedFile(name, content)} if content is not None else {}
        response = client.post(f"/api/v1{path}", data)
        return response.status_code, response.json()

    return call


@pytest.fixture
def speech(world):
    world.invite_all()
    return services.record_speech(
        actor=world.staff, activity=world.activity, data={"member": world.person.pk, "title": "关于防沙治沙的发言"}
    )


def test_staff_attach_a_file_to_a_speech_and_it_downloads(world, upload, speech, client):
    status, body = upload(world.staff, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment")
    assert status == 200, body
    assert body["attachment"]["name"] == "发言稿.pdf" and body["attachment"]["size"] == len(PDF)
    speech.refresh_from_db()
    assert speech.attachment.content_type == "application/pdf"
    assert AuditEntry.objects.filter(action="speech.attach", object_id=str(speech.pk)).count() == 1
    download = client.get(body["attachment"]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    listed = client.get(f"/api/v1/activities/{world.activity.pk}/speeches/").json()
    assert listed["items"][0]["attachment"]["id"] == speech.attachment_id
    # a second upload replaces the file
    status, body = upload(world.staff, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment", name="b.pdf")
    assert status == 200 and body["attachment"]["name"] == "b.pdf"


def test_a_member_attaches_to_their_own_speech_only(world, upload, speech):
    other = services.record_speech(
        actor=world.staff, activity=world.activity, data={"member": world.person2.pk, "title": "另一篇"}
    )
    assert upload(world.member, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment")[0] == 200
    assert upload(world.member, f"/activities/{world.activity.pk}/speeches/{other.pk}/attachment")[0] == 404
    other.refresh_from_db()
    assert other.attachment_id is None


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"MZ\x90\x00 not a pdf at all", "a.pdf", "不符"),
        (PDF, "a.exe", "不支持"),
        (None, "", "file"),
    ],
)
def test_a_bad_file_is_422_and_nothing_is_stored(world, upload, speech, content, name, message):
    status, body = upload(
        world.staff, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment", content, name
    )
    assert status == 422 and "file" in body["errors"], body
    assert message == "file" or message in body["errors"]["file"][0]
    assert not Attachment.objects.exists()


def test_others_cannot_attach(world, upload, speech):
    path = f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment"
    assert upload(world.p.other_staff, path)[0] == 404
    assert upload(world.p.unit_user, path)[0] == 403
    assert upload(world.member2, path)[0] == 404  # not their speech: not visible to them
    assert upload(None, path)[0] == 401
    assert upload(world.staff, f"/activities/{world.activity.pk}/speeches/999999/attachment")[0] == 404
    other_activity = world.new_activity(topic="另一场")
    assert upload(world.staff, f"/activities/{other_activity.pk}/speeches/{speech.pk}/attachment")[0] == 404
    assert not Attachment.objects.exists()


def test_a_cancelled_activity_takes_no_files(world, upload, speech):
    services.cancel_activity(actor=world.staff, activity=world.activity)
    status, body = upload(world.staff, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment")
    assert status == 409 and not Attachment.objects.exists()


def test_staff_attach_a_file_to_an_outcome(world, upload):
    outcome = services.record_outcome(actor=world.staff, activity=world.activity, data={"title": "协商成果"})
    status, body = upload(world.staff, f"/activities/{world.activity.pk}/outcomes/{outcome.pk}/attachment")
    assert status == 200 and body["attachment"]["name"] == "发言稿.pdf"
    assert Outcome.objects.get(pk=outcome.pk).attachment_id == body["attachment"]["id"]
    assert upload(world.member, f"/activities/{world.activity.pk}/outcomes/{outcome.pk}/attachment")[0] == 404


def test_the_answers_match_the_openapi_document(client, world, upload, speech):

    document = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/activities/{id}/speeches/{speech_id}/attachment",
        "/api/v1/activities/{id}/outcomes/{outcome_id}/attachment",
    ):
        body = document["paths"][path]["post"]["requestBody"]["content"]
        assert "multipart/form-data" in body, path
    status, body = upload(world.staff, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment")
    path = "/api/v1/activities/{id}/speeches/{speech_id}/attachment"
    assert openapi_mismatches(document, "post", path, status, body) == []
    status, body = upload(
        world.staff, f"/activities/{world.activity.pk}/speeches/{speech.pk}/attachment", b"x", "a.pdf"
    )
    assert openapi_mismatches(document, "post", path, status, body) == []
    client.force_login(world.staff)
    answer = client.get("/api/v1/activities/subkinds/?committee=620600")
    assert openapi_mismatches(document, "get", "/api/v1/activities/subkinds/", 200, answer.json()) == []
    answer = client.get(f"/api/v1/activities/{world.activity.pk}/speeches/")
    assert openapi_mismatches(document, "get", "/api/v1/activities/{id}/speeches/", 200, answer.json()) == []
    assert Speech.objects.count() == 1
