"""Long downloads as background jobs: a page that would take long to answer (a list export of many
rows, the year-end data pack) answers with the job's page instead, and the worker then runs the
same view, as the same user with the same query and scope, and keeps the file it answers.

Running the page's own view keeps one definition of what the file holds: the same filter, order,
permission and audit entry as a download in the request. Inside the job `exports.in_background()`
is true, so the view writes the file rather than handing it on again."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext as _

from lvzhi.core.scope import SCOPE_SESSION_KEY
from lvzhi.jobs.choices import OPEN_STATES
from lvzhi.jobs.models import Job
from lvzhi.jobs.tasks import ResultFile, durable_task, enqueue_job


@durable_task(kind="download", max_attempts=1)
def render_download(job, *, path: str, query: str = "", scope: int | None = None):
    """The file the page at `path?query` answers its owner with."""
    owner = job.owner
    if owner is None or not owner.is_active:
        raise PermissionError(_("提交导出的账号已不可用。"))
    request = _request_as(owner, path, query, scope)
    match = resolve(path)
    with translation.override(settings.LANGUAGE_CODE):
        response = match.func(request, *match.args, **match.kwargs)
    disposition = response.get("Content-Disposition", "")
    if response.status_code != 200 or "attachment" not in disposition:
        raise RuntimeError(_("页面没有生成文件（状态 %(status)s）。") % {"status": response.status_code})
    name, content_type = _filename(disposition), response.get("Content-Type", "")
    made = getattr(response, "file_to_stream", None)  # a file the view wrote on disk: kept as it is
    if made is not None:
        return ResultFile(name, content_type=content_type, file=made)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return ResultFile(name, content, content_type)


def offload_download(request, *, title) -> object:
    """Answer a download request with a job that makes the file (or with the same download already
    under way), and send the user to its page."""
    params = {
        "path": request.path,
        "query": request.GET.urlencode(),
        "scope": request.session.get(SCOPE_SESSION_KEY) if hasattr(request, "session") else None,
    }
    open_jobs = Job.objects.filter(owner=request.user, task_path=render_download.module_path, state__in=OPEN_STATES)
    job = next((j for j in open_jobs if j.params == params), None)
    if job is None:
        job = enqueue_job(render_download, title=title, owner=request.user, **params)
    return redirect("jobs:detail", job.pk)


def _request_as(owner, path: str, query: str, scope: int | None) -> HttpRequest:
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    host = next((h for h in settings.ALLOWED_HOSTS if h and h[0] not in ".*"), "localhost")
    request.META = {"SERVER_NAME": host, "SERVER_PORT": "80", "HTTP_HOST": host, "REMOTE_ADDR": "127.0.0.1"}
    request.user = owner
    request.session = SessionStore()
    if scope:
        request.session[SCOPE_SESSION_KEY] = scope
    request._messages = default_storage(request)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    return request


def _filename(disposition: str) -> str:
    """The file name of a `Content-Disposition: attachment; filename*=UTF-8''…` header."""
    for part in disposition.split(";"):
        part = part.strip()
        if part.startswith("filename*="):
            return unquote(part.split("''", 1)[-1])[:200]
        if part.startswith("filename="):
            return part.split("=", 1)[1].strip('"')[:200]
    return "download.bin"
