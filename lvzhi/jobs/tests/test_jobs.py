"""The jobs' pages and API in one process: who sees which job, the file only to its owner, the
dead letters only to the system administrator, the refused retry that changes nothing, the
year-end data pack as a job (run here in-process; test_worker.py runs jobs in the real worker)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from lvzhi.core.models import AuditEntry
from lvzhi.jobs.choices import JobState
from lvzhi.jobs.downloads import render_download
from lvzhi.jobs.factories import make_job
from lvzhi.jobs.models import Job
from lvzhi.jobs.services import claim_job
from lvzhi.org.tests.api_support import session_client
from lvzhi.proposals.factories import ProposalWorld

pytestmark = pytest.mark.django_db


def test_my_jobs_page_lists_my_jobs_only_in_queries_that_do_not_grow(personas, django_assert_max_num_queries):
    make_job(personas.staff, title="导出：提案")
    make_job(personas.member, title="导出：别人的")
    client = session_client(personas.staff)
    with django_assert_max_num_queries(20) as first:
        body = client.get("/jobs/").content.decode()
    assert "导出：提案" in body and "导出：别人的" not in body
    for n in range(15):
        make_job(personas.staff, title=f"导出{n}", state=JobState.SUCCEEDED)
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = client.get("/jobs/").content.decode()
    assert body.count('data-testid="job-row"') == 16


def test_a_job_and_its_file_are_404_to_another_user(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = make_job(personas.staff, state=JobState.SUCCEEDED, result_name="委员.xlsx", result_type="text/plain")
    job.result_file.save("x.xlsx", io.BytesIO(b"data"))
    assert session_client(personas.staff).get(f"/jobs/{job.pk}/file/").status_code == 200
    assert session_client(personas.member).get(f"/jobs/{job.pk}/").status_code == 404
    assert session_client(personas.member).get(f"/jobs/{job.pk}/file/").status_code == 404
    # the system administrator sees the job, never its file
    assert session_client(personas.sysadmin).get(f"/jobs/{job.pk}/").status_code == 200
    assert session_client(personas.sysadmin).get(f"/jobs/{job.pk}/file/").status_code == 404


def test_the_job_page_polls_while_the_job_runs_and_stops_when_it_is_done(personas):
    job = make_job(personas.staff)
    client = session_client(personas.staff)
    assert 'hx-trigger="every 2s"' in client.get(f"/jobs/{job.pk}/").content.decode()
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"') and "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED, progress=100)
    assert "hx-trigger" not in client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()


def test_only_the_system_administrator_sees_the_dead_letters(personas):
    make_job(personas.staff, title="坏导出", state=JobState.DEAD, last_error="RuntimeError: 失败")
    assert session_client(personas.staff).get("/jobs/dead/").status_code == 403
    assert session_client(personas.member).post("/jobs/1/retry/").status_code in (403, 404)
    body = session_client(personas.sysadmin).get("/jobs/dead/").content.decode()
    assert "坏导出" in body and "RuntimeError: 失败" in body


def test_a_refused_retry_changes_nothing(api, personas):
    running = make_job(personas.staff, state=JobState.RUNNING)
    dead = make_job(personas.staff, state=JobState.DEAD)
    status, body = api(personas.sysadmin, "post", f"/jobs/{running.pk}/retry", {})
    assert status == 409 and body["code"] == "illegal_transition"
    status, body = api(personas.staff, "post", f"/jobs/{dead.pk}/retry", {})  # its owner, not an administrator
    assert status == 403
    status, _ = api(personas.member, "post", f"/jobs/{dead.pk}/retry", {})
    assert status == 404
    assert set(Job.objects.values_list("state", flat=True)) == {JobState.RUNNING, JobState.DEAD}
    assert not AuditEntry.objects.filter(action="job.retry").exists()
    status, body = api(personas.sysadmin, "post", f"/jobs/{dead.pk}/retry", {})
    assert status == 200 and body["state"] == "queued"
    assert AuditEntry.objects.filter(action="job.retry", actor=personas.sysadmin).count() == 1


def test_the_api_lists_my_jobs_and_the_dead_letters_for_the_system_administrator(api, personas):
    mine = make_job(personas.staff, state=JobState.SUCCEEDED)
    make_job(personas.member)
    dead = make_job(None, kind="delivery.sms", title="短信", state=JobState.DEAD)
    status, body = api(personas.staff, "get", "/jobs/")
    assert status == 200 and body["count"] == 1 and body["items"][0]["id"] == mine.pk
    status, body = api(personas.staff, "get", "/jobs/?state=dead")
    assert status == 200 and body["count"] == 0  # not the administrator: their own dead jobs only
    status, body = api(personas.sysadmin, "get", "/jobs/?state=dead")
    assert [item["id"] for item in body["items"]] == [dead.pk]
    assert api(personas.staff, "get", f"/jobs/{dead.pk}")[0] == 404
    assert api(None, "get", "/jobs/")[0] == 401


def test_a_finished_job_is_not_claimed_again(personas):
    job = make_job(personas.staff, state=JobState.SUCCEEDED)
    assert claim_job(job.pk) is None
    queued = make_job(personas.staff)
    assert claim_job(queued.pk).state == JobState.RUNNING
    assert claim_job(queued.pk) is None  # a second queue entry of a running job does nothing


def test_the_year_end_data_pack_is_made_as_a_job_for_its_requester(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = session_client(personas.staff)
    response = client.get("/stats/year-pack/?download=1&committee=620600&period=year:2024")
    job = Job.objects.get(owner=personas.staff)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.title == "武威市 2024 年统计数据包"
    assert render_download.call(job.pk) == JobState.SUCCEEDED  # what the worker runs
    job.refresh_from_db()
    assert job.progress == 100 and job.result_name == "武威市-2024年统计数据包.xlsx"
    workbook = load_workbook(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)))
    assert len(workbook.sheetnames) > 3
    assert AuditEntry.objects.filter(action="export.xlsx", object_type="stats.year_pack", actor=personas.staff).exists()


def test_a_long_proposal_compilation_is_made_as_a_job(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENT_BACKGROUND_ITEMS = 1
    world = ProposalWorld(personas)
    world.filed()
    world.filed()
    client = session_client(personas.staff)
    response = client.get("/proposals/compilation.docx")
    job = Job.objects.get(owner=personas.staff)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert render_download.call(job.pk) == JobState.SUCCEEDED
    document = Document(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("提案汇编") and text.count("情况与问题") == 2  # both proposals


def test_a_job_whose_worker_died_is_retried_by_the_recovery_command(personas):
    started = timezone.now() - datetime.timedelta(hours=2)
    stuck = make_job(personas.staff, state=JobState.RUNNING, attempts=1, max_attempts=3, started_at=started)
    last = make_job(personas.staff, state=JobState.RUNNING, attempts=1, max_attempts=1, started_at=started)
    recent = make_job(personas.staff, state=JobState.RUNNING, attempts=1, started_at=timezone.now())
    out = io.StringIO()
    call_command("recover_jobs", "--minutes", "60", stdout=out)
    assert "2 个" in out.getvalue()
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {stuck.pk: JobState.RETRYING, last.pk: JobState.DEAD, recent.pk: JobState.RUNNING}
    assert "工作进程在运行中中断" in Job.objects.get(pk=stuck.pk).last_error
