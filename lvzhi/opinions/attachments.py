"""How the module hands out a report's file, to its pages and its API alike (after their own
visibility checks): always as a download, never rendered inline, like the core download."""

from django.http import FileResponse


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
