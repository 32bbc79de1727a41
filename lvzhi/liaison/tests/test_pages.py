"""The pages: who sees what, forms, actions, exports, and query counts that do not grow with rows."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lvzhi.liaison.models import Contact, Engagement
from lvzhi.liaison.urls import PREFIXES

DAY = datetime.date(2024, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    report = world.report()
    return {
        "contact": world.c_member,
        "assignment": world.a_member,
        "engagement": world.engage([world.c_member, world.c_outside]),
        "hosted": world.hosted(),
        "report": report,
    }


def test_staff_and_leaders_open_every_list_and_detail(world, records, client):
    for user in (world.staff, world.p.leader):
        client.force_login(user)
        for key, prefix in PREFIXES.items():
            assert client.get(f"/liaison/{prefix}/").status_code == 200, key
            page = client.get(f"/liaison/{prefix}/{records[key].pk}/")
            assert page.status_code == 200, key
    client.force_login(world.staff)
    page = client.get(f"/liaison/contacts/{world.c_member.pk}/").content.decode()
    assert "马立" in page and "走访联系，听取意见建议" in page


def test_others_are_refused_or_see_nothing(world, records, client):
    for user in (world.p.member, world.p.unit_user, *world.p.admins):
        client.force_login(user)
        assert client.get("/liaison/reports/").status_code == 403
        assert client.get("/liaison/").status_code == 403
    client.force_login(world.p.other_staff)
    assert client.get(f"/liaison/reports/{records['report'].pk}/").status_code == 404
    assert client.get(f"/liaison/engagements/{records['engagement'].pk}/edit/").status_code == 404
    client.logout()
    assert client.get("/liaison/reports/").status_code == 302


def test_a_leader_reads_but_does_not_write(world, records, client):
    client.force_login(world.p.leader)
    assert client.get("/liaison/contacts/new/").status_code == 403
    page = client.get(f"/liaison/reports/{records['report'].pk}/").content.decode()
    assert 'data-action="send"' not in page


def test_staff_record_a_contact_made_through_the_form(world, client):
    client.force_login(world.staff)
    assert client.get("/liaison/engagements/new/").status_code == 200
    data = {
        "committee": world.wuwei.pk,
        "kind": "talk",
        "title": "谈心谈话：听取意见",
        "held_on": "2024-06-01",
        "members": [world.leader.pk],
        "contacts": [world.c_outside.pk],
    }
    response = client.post("/liaison/engagements/new/", data)
    engagement = Engagement.objects.get(title="谈心谈话：听取意见")
    assert response.status_code == 302 and response["Location"] == f"/liaison/engagements/{engagement.pk}/"
    response = client.post(f"/liaison/engagements/{engagement.pk}/edit/", {**data, "place": "海藏寺"})
    engagement.refresh_from_db()
    assert engagement.place == "海藏寺"


def test_a_bad_form_shows_the_message_and_writes_nothing(world, client):
    client.force_login(world.staff)
    count = Contact.objects.count()
    response = client.post(
        "/liaison/contacts/new/", {"committee": world.wuwei.pk, "group": "new_strata", "listed_on": "2024-01-01"}
    )
    assert response.status_code == 200 and "必填" in response.content.decode()
    assert Contact.objects.count() == count


def test_the_report_is_sent_from_its_page(world, records, client):
    client.force_login(world.staff)
    report = records["report"]
    page = client.get(f"/liaison/reports/{report.pk}/").content.decode()
    assert 'data-action="send"' in page and 'data-action="reply"' not in page
    response = client.post(f"/liaison/reports/{report.pk}/send/", {"sent_on": "2024-03-02"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "sent"
    page = client.get(f"/liaison/reports/{report.pk}/").content.decode()
    assert 'data-action="reply"' in page and "报送" in page


def test_lists_export_xlsx(world, records, client):
    client.force_login(world.staff)
    response = client.get("/liaison/engagements/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "主题" and rows[1][0] == "走访联系，听取意见建议"
    assert "李明" in rows[1][4] and "释宏远" in rows[1][4]


@pytest.mark.parametrize("prefix", ["contacts", "engagements", "hosted-visits", "reports", "assignments"])
def test_list_queries_do_not_grow_with_rows(world, client, prefix):
    client.force_login(world.staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/liaison/{prefix}/").status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            contact = world.contact(name=f"联系人{i}{prefix}", group="new_strata")
            world.assign(contact)
            world.engage([contact, world.c_member], members=[world.leader, world.member])
            world.hosted(members=[world.member, world.leader])
            world.report(subject=f"请示{i}")

    add(1)
    one = count()
    add(9)
    assert count() == one
