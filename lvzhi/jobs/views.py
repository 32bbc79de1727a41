"""The jobs' pages: a user's own background jobs (我的后台任务) with a progress bar that polls until
the file is ready, the file itself (to its owner only), and the system administrator's dead-letter
list with its retry."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.jobs import selectors, services
from lvzhi.jobs.choices import JobState

PAGE_SIZE = 20


def sysadmin_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_role("sysadmin"):
            raise Forbidden(_("您没有权限访问此页面。"))
        return view(request, *args, **kwargs)

    return wrapped


@login_required
def job_list(request):
    page = Paginator(selectors.own_jobs(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page, "is_sysadmin": request.user.has_role("sysadmin")})


@login_required
def job_detail(request, pk):
    job = selectors.get_job_for_user(request.user, pk)
    context = {"job": job, "attempts": job.attempt_rows.all(), "is_owner": job.owner_id == request.user.pk}
    if request.headers.get("HX-Request"):
        return render(request, "jobs/detail.html#status", context)
    return render(request, "jobs/detail.html", context)


@login_required
def job_file(request, pk):
    """The job's file, to the user who asked for it; anyone else: 404."""
    job = selectors.get_job_for_user(request.user, pk)
    if job.owner_id != request.user.pk or job.state != JobState.SUCCEEDED or not job.result_file:
        raise NotFound()
    response = FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or None)
    if job.result_type:
        response["Content-Type"] = job.result_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@sysadmin_required
def dead_letters(request):
    page = Paginator(selectors.dead_letters(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/dead_letters.html", {"page": page})


@sysadmin_required
@require_POST
def job_retry(request, pk):
    job = selectors.get_job_for_user(request.user, pk)
    services.retry_job(actor=request.user, job=job)
    messages.success(request, _("已重新排队：%(title)s") % {"title": job.title})
    return redirect("jobs:dead_letters")
