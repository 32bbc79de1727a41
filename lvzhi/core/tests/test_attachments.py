import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Invalid
from lvzhi.core.factories import PDF
from lvzhi.core.models import Attachment, AuditEntry
from lvzhi.org.factories import make_member, make_user


def xlsx_bytes():
    wb = Workbook()
    wb.active.append(["姓名"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_stores_a_pdf_and_audits_it(personas):
    upload = SimpleUploadedFile("报告.pdf", PDF)
    attachment = store_attachment(actor=personas.staff, committee=personas.wuwei, upload=upload)
    assert (attachment.name, attachment.content_type, attachment.size) == ("报告.pdf", "application/pdf", len(PDF))
    assert AuditEntry.objects.filter(action="attachment.create", object_id=str(attachment.pk)).exists()


def test_it_accepts_a_real_xlsx(personas):
    upload = SimpleUploadedFile("名单.xlsx", xlsx_bytes())
    attachment = store_attachment(actor=personas.staff, committee=personas.wuwei, upload=upload)
    assert attachment.content_type.endswith("spreadsheetml.sheet") or attachment.content_type == "application/zip"


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),  # HTML dressed up as a PDF
        ("page.html", b"<html></html>"),  # a type that is never accepted
        ("fake.xlsx", PDF),  # the content is not what the name says
        ("noext", PDF),
    ],
)
def test_it_refuses_content_that_is_not_what_it_claims(personas, name, content):
    with pytest.raises(Invalid) as exc:
        store_attachment(actor=personas.staff, committee=personas.wuwei, upload=SimpleUploadedFile(name, content))
    assert "file" in exc.value.errors
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(personas, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Invalid) as exc:
        store_attachment(actor=personas.staff, committee=personas.wuwei, upload=SimpleUploadedFile("a.pdf", PDF))
    assert "过大" in str(exc.value.errors["file"][0])
    assert not Attachment.objects.exists()


def test_it_serves_attachments_as_downloads_within_scope_only(personas, client):
    attachment = store_attachment(
        actor=personas.staff, committee=personas.wuwei, upload=SimpleUploadedFile("报告.pdf", PDF)
    )
    client.force_login(personas.staff)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(personas.other_staff)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_a_member_downloads_their_own_upload_but_not_a_colleagues(personas, client):
    mine = store_attachment(actor=personas.member, committee=personas.wuwei, upload=SimpleUploadedFile("a.pdf", PDF))
    other_person = make_member(personas.wuwei, "周红")
    colleague = make_user("colleague", roles=["member"], committee=personas.wuwei, member=other_person)
    theirs = store_attachment(actor=colleague, committee=personas.wuwei, upload=SimpleUploadedFile("b.pdf", PDF))
    client.force_login(personas.member)
    assert client.get(f"/attachments/{mine.pk}/").status_code == 200
    assert client.get(f"/attachments/{theirs.pk}/").status_code == 404
    client.force_login(personas.unit_user)
    assert client.get(f"/attachments/{mine.pk}/").status_code == 404
