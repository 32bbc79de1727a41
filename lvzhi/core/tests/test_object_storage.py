"""Uploaded files in an S3-compatible object store (LVZHI_FILE_STORAGE=s3, django-storages), against a
real S3 HTTP endpoint on loopback (moto's server): an attachment is written to the bucket, not to the
disk, and downloaded through the application; a name that is taken gets a new one instead of
overwriting the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lvzhi.core.attachments import store_attachment

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
KEYS = {"aws_access_key_id": "lvzhi", "aws_secret_access_key": "lvzhi-secret", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    import boto3

    name = f"lvzhi-{tmp_path.name.lower().replace('_', '-')[-40:]}"
    made = boto3.resource("s3", endpoint_url=s3_endpoint, **KEYS).create_bucket(Bucket=name)
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "region_name": KEYS["region_name"],
                "addressing_style": "path",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=tmp_path / "media"):
        yield made


def test_an_attachment_is_stored_in_the_bucket_and_downloaded_through_the_app(bucket, personas, client, tmp_path):
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    attachment = store_attachment(actor=personas.staff, committee=personas.wuwei, upload=upload)
    keys = [o.key for o in bucket.objects.all()]
    assert keys == [attachment.file.name]
    assert keys[0].startswith("attachments/") and keys[0].endswith(".pdf")
    assert not (tmp_path / "media").exists()  # nothing on the disk
    client.force_login(personas.staff)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_the_same_file_twice_keeps_both_objects(bucket, personas):
    first = store_attachment(
        actor=personas.staff, committee=personas.wuwei, upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    second = store_attachment(
        actor=personas.staff, committee=personas.wuwei, upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    assert first.file.name != second.file.name
    assert len(list(bucket.objects.all())) == 2
    first.file.delete(save=False)
    assert second.file.open("rb").read() == PDF


def test_a_file_missing_from_the_bucket_is_a_404_with_a_message(bucket, personas, client):
    attachment = store_attachment(
        actor=personas.staff, committee=personas.wuwei, upload=SimpleUploadedFile("b.pdf", PDF, "application/pdf")
    )
    bucket.Object(attachment.file.name).delete()
    client.force_login(personas.staff)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 404
