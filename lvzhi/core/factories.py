"""Test factories for core's mechanisms, shared by every module's tests: the smallest real PDF (a
file core's content checks accept), an uploaded file of it, and an API caller that goes through
the session the way a logged-in page's script would (CSRF off, as with a bearer token)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def api_caller(client):
    """`call(user, method, path, body=None) -> (status, json)`: `path` below /api/v1; `user` None
    calls anonymously; a `body` that is a str is sent as it is (malformed JSON tests); a response
    that is not JSON gives None."""
    client.handler.enforce_csrf_checks = False

    def call(user, method, path, body=None):
        client.logout()
        if user is not None:
            client.force_login(user)
        kwargs = {"content_type": "application/json"}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str) else json.dumps(body)
        response = getattr(client, method)(f"/api/v1{path}", **kwargs)
        is_json = response.get("Content-Type", "").startswith("application/json")
        return response.status_code, (response.json() if response.content and is_json else None)

    return call
