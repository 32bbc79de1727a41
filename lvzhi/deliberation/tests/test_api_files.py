"""Background files over the API: `POST /topics/{id}/files` (multipart) and
`DELETE /topics/{id}/files/{file_id}`, through the same services and core file checks as the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.factories import PDF
from lvzhi.core.models import Attachment, AuditEntry
from lvzhi.core.tests.openapi import openapi_document

UPLOAD = "/api/v1/topics/{id}/files"
REMOVE = "/api/v1/topics/{id}/files/{file_id}"


@pytest.fixture(scope="session")
def document():
    return openapi_document()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def upload(client, document):
    def call(user, topic_id, name="背景.pdf", content=PDF):
        client.logout()
        if user is not None:
            client.force_login(user)
        file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        response = client.post(f"/api/v1/topics/{topic_id}/files", {"file": file})
        data = response.json() if response.content else None
        assert not openapi_mismatches(document, "post", UPLOAD, response.status_code, data)
        return response.status_code, data

    return call


@pytest.fixture
def remove(client, document):
    def call(user, topic_id, file_id):
        client.logout()
        client.force_login(user)
        response = client.delete(f"/api/v1/topics/{topic_id}/files/{file_id}")
        data = response.json() if response.content else None
        assert not openapi_mismatches(document, "delete", REMOVE, response.status_code, data)
        return response.status_code, data

    return call


def test_the_office_uploads_a_file_and_it_appears_in_the_topic_detail(world, upload, client):
    status, body = upload(world.staff, world.topic.pk)
    assert status == 201
    (file,) = body["files"]
    assert file["name"] == "背景.pdf" and file["size"] == len(PDF)
    assert list(world.topic.attachments.values_list("pk", flat=True)) == [file["id"]]
    assert AuditEntry.objects.filter(action="deliberation.topic.attach").exists()
    client.force_login(world.member)  # the audience sees it in the detail and can download it
    detail = client.get(f"/api/v1/topics/{world.topic.pk}").json()
    assert [f["id"] for f in detail["files"]] == [file["id"]]
    download = client.get(file["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_members_and_other_committees_staff_are_refused(world, upload):
    status, body = upload(world.member, world.topic.pk)
    assert status == 403 and body["code"]
    assert upload(world.p.other_staff, world.topic.pk)[0] == 404  # another committee's topic is not there
    assert upload(world.pingliang_member, world.topic.pk)[0] == 404
    assert upload(None, world.topic.pk)[0] == 401
    assert not world.topic.attachments.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("程序.exe", b"MZ\x90\x00" + b"\x00" * 60), ("伪装.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 60)],
)
def test_a_wrong_file_type_is_422_and_writes_nothing(world, upload, settings, name, content):
    status, body = upload(world.staff, world.topic.pk, name=name, content=content)
    assert status == 422 and "file" in body["errors"]
    assert not Attachment.objects.exists() and not world.topic.attachments.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*"))
    assert not AuditEntry.objects.filter(action="deliberation.topic.attach").exists()


def test_a_missing_file_is_422(world, client):
    client.force_login(world.staff)
    response = client.post(f"/api/v1/topics/{world.topic.pk}/files", {})
    assert response.status_code == 422 and not Attachment.objects.exists()


def test_delete_removes_the_file(world, upload, remove):
    _status, body = upload(world.staff, world.topic.pk)
    file_id = body["files"][0]["id"]
    assert remove(world.member, world.topic.pk, file_id)[0] == 403
    assert remove(world.p.other_staff, world.topic.pk, file_id)[0] == 404
    assert world.topic.attachments.count() == 1
    status, body = remove(world.staff, world.topic.pk, file_id)
    assert status == 200 and body["files"] == []
    assert not world.topic.attachments.exists()
    assert AuditEntry.objects.filter(action="deliberation.topic.detach").exists()
    assert remove(world.staff, world.topic.pk, file_id)[0] == 404  # already gone


def test_files_of_a_closed_topic_cannot_change(world, upload, remove):
    from lvzhi.deliberation import services

    _status, body = upload(world.staff, world.topic.pk)
    services.close_topic(actor=world.staff, topic=world.topic)
    assert upload(world.staff, world.topic.pk)[0] == 409
    assert remove(world.staff, world.topic.pk, body["files"][0]["id"])[0] == 409
    assert world.topic.attachments.count() == 1
