"""The duty-record pages: a member sees only their own record, staff their scope, another
committee's staff nothing; the record page's query count does not grow with the events."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from lvzhi.activities import services as activities
from lvzhi.duties import services
from lvzhi.duties.choices import ReportState
from lvzhi.duties.models import AnnualReport, Assessment, Target


def test_a_member_sees_their_record(client, world):
    world.finished("plenary", present=[world.people[0]])
    client.force_login(world.users[0])
    response = client.get(f"/duties/me/?year={world.year}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "我的履职档案" in html and "出席全体会议" in html and "plenary活动" in html


def test_a_member_cannot_open_anothers_record_or_staff_pages(client, world):
    client.force_login(world.users[0])
    assert client.get(f"/duties/members/{world.people[1].pk}/").status_code == 403
    for url in ("/duties/", "/duties/assessments/", "/duties/scheme/", "/duties/targets/", "/duties/inactive/"):
        assert client.get(url).status_code == 403, url


def test_staff_of_another_committee_get_404(client, world):
    client.force_login(world.p.other_staff)
    assert client.get(f"/duties/members/{world.people[0].pk}/").status_code == 404
    assert client.get(f"/duties/members/{world.people[0].pk}/record.docx").status_code == 404
    assert client.get("/duties/?committee=620600").status_code == 404
    report = services.save_report(actor=world.users[1], year=world.year, text="述职")
    assert client.get(f"/duties/reports/{report.pk}/").status_code == 404


def test_staff_pages_render_with_rankings_and_exports(client, world):
    activity = world.activity("consultation")
    activities.invite(actor=world.staff, activity=activity, values=[p.pk for p in world.people[:2]])
    for person in world.people[:2]:
        activities.manual_check_in(actor=world.staff, activity=activity, member=person)
    activities.finish_activity(actor=world.staff, activity=activity)
    client.force_login(world.staff)
    response = client.get(f"/duties/?committee=620600&year={world.year}&by=sector")
    assert response.status_code == 200 and "经济界" in response.content.decode()
    for url in ("/duties/inactive/", "/duties/assessments/", "/duties/scheme/", "/duties/targets/", "/duties/reports/"):
        assert client.get(f"{url}?committee=620600&year={world.year}").status_code == 200, url
    xlsx = client.get(f"/duties/?committee=620600&year={world.year}&export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B1"].value == "委员" and sheet.max_row == 5
    inactive = client.get(f"/duties/inactive/?committee=620600&year={world.year}&export=xlsx")
    assert load_workbook(io.BytesIO(inactive.content)).active.max_row == 3
    docx = client.get(f"/duties/members/{world.people[0].pk}/record.docx?committee=620600&scope=term")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "履职档案" in text and "李明" in text


def test_staff_edit_the_scheme_and_targets_through_the_pages(client, world):
    client.force_login(world.staff)
    response = client.get(f"/duties/scheme/?committee=620600&year={world.year}")
    form = response.context["form"]
    data = {name: (field.initial if field.initial is not None else "") for name, field in form.fields.items()}
    data.update(
        {
            "committee": world.committee.pk,
            "year": world.year,
            "excellent_min": 80,
            "competent_min": 60,
            "basic_min": 40,
            "points__proposals.first": 9,
            "reports_from_all": "",
        }
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post("/duties/scheme/", data)
    assert response.status_code == 302
    assert services.scoring.effective_scheme(world.committee.pk, world.year).excellent_min == 80
    response = client.post(
        "/duties/targets/new/?committee=620600",
        {
            "committee": world.committee.pk,
            "name": "参加读书活动",
            "kinds": ["activities.attended.reading"],
            "required": 2,
        },
    )
    assert response.status_code == 302 and Target.objects.filter(name="参加读书活动").exists()
    response = client.post(
        "/duties/targets/new/?committee=620600", {"committee": world.committee.pk, "name": "", "required": 2}
    )
    assert response.status_code == 200 and Target.objects.count() == 9


def test_a_member_writes_and_submits_the_annual_report_prefilled_with_facts(client, world):
    world.finished("consultation", present=[world.people[1]])
    client.force_login(world.users[1])
    response = client.get(f"/duties/me/report/?year={world.year}")
    assert "出席协商活动 1 次" in response.context["form"].initial["text"]
    response = client.post(f"/duties/me/report/?year={world.year}", {"text": "我的述职报告", "submit": "1"})
    assert response.status_code == 302
    assert world.people[1].pk in [r.member_id for r in services.AnnualReport.objects.filter(state="submitted")]


def test_staff_adjust_a_grade_and_record_a_talk(client, world):
    client.force_login(world.staff)
    client.post("/duties/assessments/do/open/", {"committee": world.committee.pk, "year": world.year})
    row = Assessment.objects.get(member=world.people[0], year=world.year)
    response = client.post(f"/duties/assessments/{row.pk}/", {"form": "adjust", "grade": "basic", "reason": ""})
    assert response.status_code == 200 and Assessment.objects.get(pk=row.pk).grade == ""
    client.post(
        f"/duties/assessments/{row.pk}/", {"form": "adjust", "grade": "basic", "reason": "请假较多但有书面意见"}
    )
    assert Assessment.objects.get(pk=row.pk).grade == "basic"
    client.post(
        f"/duties/assessments/{row.pk}/",
        {"form": "talk", "held_on": "2020-05-01", "held_by": "秘书长", "notes": "约谈"},
    )
    assert row.talks.count() == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_record_page_query_count_does_not_grow_with_events(client, world):
    activity = world.finished("consultation", present=[world.people[0]])
    activities.record_speech(actor=world.staff, activity=activity, data={"member": world.people[0].pk, "title": "发言"})
    world.proposal(world.people[0])
    client.force_login(world.users[0])
    url = f"/duties/me/?year={world.year}"
    _queries(client, url)
    before = _queries(client, url)
    for kind in ("consultation", "inspection", "plenary", "consultation", "inspection"):
        activity = world.finished(kind, present=world.people[:2])
        activities.record_speech(
            actor=world.staff, activity=activity, data={"member": world.people[0].pk, "title": "发言"}
        )
    for _ in range(4):
        world.proposal(world.people[0], co=[world.people[1]])
    after = _queries(client, url)
    assert after == before, (before, after)
    assert before <= 30


def test_a_report_still_holding_the_prefilled_blanks_cannot_be_submitted(client, world):
    client.force_login(world.users[1])
    prefilled = client.get(f"/duties/me/report/?year={world.year}").context["form"].initial["text"]
    assert "（请补充）" in prefilled
    response = client.post(f"/duties/me/report/?year={world.year}", {"text": prefilled, "submit": "1"})
    assert response.status_code in (200, 422)
    assert "请补充后再提交" in response.content.decode()
    report = AnnualReport.objects.get(member=world.people[1], year=world.year)
    assert report.state == ReportState.DRAFT


def test_the_rankings_tally_is_kept_and_counted_again_when_the_ledger_is_written(
    client, world, django_capture_on_commit_callbacks
):
    """The committee's year of events, summed per member and kind, is kept in the figure cache
    (core/figure_cache.py): a second visit of the ranking sums nothing, and a member's new duty event
    moves the ranking on the next visit."""
    from django.core.cache import cache

    from lvzhi.core import figure_cache

    world.finished("consultation", present=world.people[:1])
    figure_cache.flush(connection)  # the world's writes published, as at their commit
    cache.clear()
    client.force_login(world.staff)

    def ranking():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/duties/?committee=620600&year={world.year}")
        summed = [q["sql"] for q in queries.captured_queries if 'SUM("duties_dutyevent"."points")' in q["sql"]]
        rows = {row.membership.member_id: row.standing.events for row in response.context["page"].object_list}
        return rows, summed

    first, summed = ranking()
    assert first[world.people[0].pk] >= 1 and summed
    again, summed = ranking()
    assert again == first and summed == []
    with django_capture_on_commit_callbacks(execute=True):
        world.finished("study", present=world.people[1:2])
    after, summed = ranking()
    assert after[world.people[1].pk] == first[world.people[1].pk] + 1 and summed
