"""How the module hands out a report's file, to its pages and its API alike (after their own
visibility checks): always as a download, never rendered inline, like the core download. Core's
download serves a report's file to those who may see the report (`FILE_HOLDERS`, registered from
apps.py)."""

from django.http import FileResponse

from lvzhi.core import registry

FILE_HOLDERS = [registry.FileHolder("opinions.OpinionReport", "attachments")]


def serve_attachment(attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
