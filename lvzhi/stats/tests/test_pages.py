"""Dashboards, catalogue, records pages and summary pages: who sees what, every number links to its
records, and the query count does not grow with the records."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.factories import session_just_renewed
from lvzhi.activities.choices import ActivityState
from lvzhi.activities.models import Activity
from lvzhi.stats import services
from lvzhi.stats.models import SummaryTemplate

PAGES = ["/stats/", "/stats/screen/", "/stats/figures/", "/stats/modules/activities/", "/stats/summaries/"]


@pytest.mark.parametrize("path", PAGES)
def test_members_units_and_admins_have_no_dashboard(world, client, path):
    for user in (world.p.member, world.p.unit_user, world.p.sysadmin):
        client.force_login(user)
        assert client.get(path).status_code == 403, (user, path)
    client.logout()
    assert client.get(path).status_code == 302  # to the login page


@pytest.mark.parametrize("path", PAGES)
def test_staff_leaders_and_county_staff_see_their_scope(world, client, path):
    for user in (world.staff, world.p.leader, world.p.county_staff):
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, (user, path)
    if path != "/stats/summaries/":
        client.force_login(world.p.county_staff)
        assert client.get(path + "?committee=620600").status_code == 404


def test_another_committee_cannot_compute_or_open_figures(world, client):
    client.force_login(world.p.other_staff)
    assert client.get("/stats/?committee=620600").status_code == 404
    assert client.get("/stats/figures/regulations.mechanisms/?committee=620600").status_code == 404
    assert client.get("/stats/figures/regulations.mechanisms/?committee=620800").status_code == 200


def test_the_overview_shows_cards_that_open_their_records_and_notes_missing_modules(world, client):
    client.force_login(world.staff)
    html = client.get("/stats/?committee=620600&scope=tree&period=current").content.decode()
    assert 'data-testid="card-regulations.mechanisms"' in html
    assert "/stats/figures/regulations.mechanisms/?committee=620600&amp;scope=tree&amp;period=current" in html
    assert "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()


def test_a_records_page_lists_and_exports_the_records_behind_the_number(world, client):
    client.force_login(world.staff)
    url = "/stats/figures/regulations.mechanisms/?committee=620600&scope=tree&period=current"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="figure-value">2<' in html
    assert "招商引资工作机制" in html and "凉州区协商议事工作机制" in html
    export = client.get(url + "&format=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/stats/figures/regulations.mechanisms/?period=nonsense").status_code == 422
    assert client.get("/stats/figures/regulations.mechanisms/?by=password&v=1").status_code == 422
    assert client.get("/stats/figures/not.a_figure/").status_code == 404


def test_a_chart_element_opens_just_its_part_of_the_records(world, client):
    client.force_login(world.staff)
    url = "/stats/figures/regulations.mechanisms/?committee=620600&scope=tree&period=current"
    url += f"&by=committee&v={world.p.liangzhou.pk}"
    html = client.get(url).content.decode()
    assert "凉州区协商议事工作机制" in html and "招商引资工作机制" not in html


def _activities(committee, n, staff):
    start = timezone.make_aware(datetime.datetime(2024, 3, 1, 9))
    Activity.objects.bulk_create(
        [
            Activity(
                committee=committee,
                kind=["grassroots", "studio", "consultation"][i % 3],
                topic=f"活动{i}",
                start=start + datetime.timedelta(days=i % 200),
                end=start + datetime.timedelta(days=i % 200, hours=2),
                state=ActivityState.FINISHED,
                people_reached=i % 3,
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize(
    "path", ["/stats/?scope=tree", "/stats/modules/activities/", "/stats/screen/", "/stats/figures/"]
)
def test_the_dashboard_query_count_does_not_grow_with_the_records(world, client, path):
    client.force_login(world.staff)
    _activities(world.p.wuwei, 5, world.staff)
    _activities(world.p.liangzhou, 5, world.staff)
    client.get(path)
    cache.clear()  # every figure counted afresh, as after a write to each of their tables
    session_just_renewed(client)  # the session is not written in either request, however slow the test
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    _activities(world.p.wuwei, 60, world.staff)
    _activities(world.p.liangzhou, 60, world.staff)
    cache.clear()
    session_just_renewed(client)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few), path
    assert len(many) < 400, path


def test_the_records_page_query_count_does_not_grow_with_the_records(world, client):
    client.force_login(world.staff)
    _activities(world.p.wuwei, 60, world.staff)
    url = "/stats/figures/activities.all/?committee=620600&period=cumulative"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _activities(world.p.wuwei, 200, world.staff)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) and len(many) < 30


def test_a_count_figures_records_page_runs_no_count_and_reads_its_last_page_by_ids(world, client):
    client.force_login(world.staff)
    _activities(world.p.wuwei, 95, world.staff)
    url = "/stats/figures/activities.all/?committee=620600&period=cumulative&per_page=20"
    html = client.get(url).content.decode()
    total = int(re.search(r'data-testid="figure-value">(\d+)<', html).group(1))
    last = -(-total // 20)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"{url}&page={last}").content.decode()
    assert f"第 {last} / {last} 页" in html
    rows = re.search(r'data-testid="records">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert rows.count("<tr>") == total - 20 * (last - 1)
    sqls = [q["sql"].upper() for q in queries.captured_queries]
    counts = [q for q in sqls if "COUNT(" in q and "ACTIVITIES_ACTIVITY" in q]
    assert len(counts) == 1  # the figure's value (kept when its rows are committed), none for the pager
    assert not [q for q in sqls if "OFFSET" in q and '"ACTIVITIES_ACTIVITY"."TOPIC"' in q]  # ids only


def test_the_big_screen_is_dark_and_refreshes_itself(world, client):
    client.force_login(world.p.leader)
    html = client.get("/stats/screen/").content.decode()
    assert 'class="screen"' in html and 'hx-trigger="every 60s"' in html and 'http-equiv="refresh"' in html
    fragment = client.get("/stats/screen/?fragment=cards").content.decode()
    assert fragment.lstrip().startswith('<div id="screen-cards"') and "<html" not in fragment


def test_staff_write_preview_and_download_a_summary(world, client):
    client.force_login(world.staff)
    body = "机制{{ figure:regulations.mechanisms | period=current | note=W10 工作机制 }}项，"
    body += "{{ figure:none.here | note=W0 无 }}。"
    response = client.post(
        "/stats/summaries/new/", {"committee": world.p.wuwei.pk, "slug": "test", "title": "测试综述", "body": body}
    )
    assert response.status_code == 302
    template = SummaryTemplate.objects.get(slug="test")
    html = client.get(f"/stats/summaries/{template.pk}/?as_of=2024-12-31").content.decode()
    assert 'data-figure="regulations.mechanisms"' in html and "【缺：W0 无】" in html
    docx = client.get(f"/stats/summaries/{template.pk}/download.docx?as_of=2024-12-31")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    text = client.get(f"/stats/summaries/{template.pk}/download.txt?as_of=2024-12-31").content.decode()
    assert "机制1项" in text
    # a bad placeholder is refused with the reason, nothing saved
    response = client.post(
        f"/stats/summaries/{template.pk}/edit/", {"slug": "test", "title": "测试综述", "body": "{{ figure:a.b | x=1 }}"}
    )
    assert response.status_code == 200 and "未知的选项" in response.content.decode()
    template.refresh_from_db()
    assert template.body == body
    # a leader previews but does not edit; another committee does not see it
    client.force_login(world.p.leader)
    assert client.get(f"/stats/summaries/{template.pk}/").status_code == 200
    assert client.get(f"/stats/summaries/{template.pk}/edit/").status_code == 403
    client.force_login(world.p.other_staff)
    assert client.get(f"/stats/summaries/{template.pk}/").status_code == 404
    assert services.can_manage(world.staff, world.p.wuwei)


def test_the_year_pack_has_a_sheet_per_module(world, client, settings, tmp_path):
    import io

    from openpyxl import load_workbook

    from lvzhi.jobs.downloads import render_download
    from lvzhi.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.staff)
    response = client.get("/stats/year-pack/?committee=620600&period=year:2024&download=1")
    job = Job.objects.get(owner=world.staff)  # the pack is made in the background: run its job here
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    render_download.call(job.pk)
    wb = load_workbook(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)))
    assert "制度机制" in wb.sheetnames and "会议活动" in wb.sheetnames
    ws = wb["制度机制"]
    rows = {r[1]: r for r in ws.iter_rows(values_only=True) if r and r[1] == "regulations.mechanisms"}
    assert rows["regulations.mechanisms"][3] is not None
