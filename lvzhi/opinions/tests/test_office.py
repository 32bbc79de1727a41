"""The office's own tools: entering a paper report on a submitter's behalf, the reports'
attachments (uploaded by page and API, downloaded only by those who may see the report), and the
editing and deactivating of categories, recipients, information officers and organisation contacts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import Attachment, AuditEntry, Notification
from lvzhi.duties.models import DutyEvent
from lvzhi.opinions import services
from lvzhi.opinions.choices import DEFAULT_CATEGORIES, OpinionState, SubmitterKind
from lvzhi.opinions.models import Category, InformationOfficer, OpinionReport, PartyContact
from lvzhi.org.factories import make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = {"title": "关于城区停车难问题的建议", "category": "社会治理", "content": "老城区停车位严重不足。" * 10}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def enter(world, **kwargs):
    args = {
        "actor": world.staff,
        "committee": world.p.wuwei,
        "submitter_kind": SubmitterKind.MEMBER,
        "submitter": world.person2.pk,
        "data": TEXT,
        **kwargs,
    }
    return services.enter_report(**args)


# --- Paper submissions ---------------------------------------------------------------------------


def test_the_office_enters_a_paper_report_crediting_the_member_it_chooses(world, django_capture_on_commit_callbacks):
    received = datetime.date.today() - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        report = enter(world, received_on=received)
    assert report.state == OpinionState.SUBMITTED and report.created_by == world.staff
    credit = report.credits.get()
    assert (credit.kind, credit.member, credit.user) == ("member", world.person2, world.member2)
    assert report.submitted_at.date() == received
    assert AuditEntry.objects.filter(action="opinions.report.enter", object_id=str(report.pk)).exists()
    assert Notification.objects.filter(user=world.member2, title__contains="代您录入").exists()
    assert not Notification.objects.filter(user=world.staff, title__contains=TEXT["title"]).exists()
    assert OpinionReport.objects.visible_to(world.member2).filter(pk=report.pk).exists()
    event = DutyEvent.objects.get(kind="opinions.submitted")
    assert (event.member, event.date) == (world.person2, received)


def test_the_office_may_credit_an_organisation_or_an_information_officer(world, personas):
    officer = services.appoint_officer(
        actor=world.staff, committee=personas.wuwei, user=world.city_staff_only, name="赵信息员", party=personas.party
    )
    by_party = enter(world, submitter_kind="organisation", submitter=personas.party.pk)
    by_officer = enter(world, submitter_kind="officer", submitter=officer.pk)
    assert by_party.credits.get().party == personas.party and by_party.submitter_kind == "organisation"
    assert by_officer.credits.get().officer == officer and by_officer.credits.get().user == world.city_staff_only
    assert not DutyEvent.objects.exists()  # neither is a member


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"submitter": 0}, "member"),
        ({"submitter": "x"}, "member"),
        ({"submitter_kind": "committee"}, "submitter_kind"),
        ({"submitter_kind": "organisation", "submitter": 999999}, "party"),
        ({"submitter_kind": "officer", "submitter": 999999}, "officer"),
        ({"received_on": datetime.date.today() + datetime.timedelta(days=1)}, "received_on"),
        ({"data": {**TEXT, "title": ""}}, "title"),
        ({"data": {**TEXT, "category": "不存在"}}, "category"),
    ],
)
def test_a_bad_paper_entry_is_refused_and_writes_nothing(world, kwargs, field):
    with pytest.raises(Invalid) as exc:
        enter(world, **kwargs)
    assert field in exc.value.errors
    assert not OpinionReport.objects.exists()


def test_a_member_of_another_committee_cannot_be_credited(world, personas):
    with pytest.raises(Invalid):
        enter(world, submitter=personas.pingliang_person.pk)
    with pytest.raises(Invalid):  # the county office enters for its own members only
        enter(world, actor=personas.county_staff, committee=personas.liangzhou)
    assert not OpinionReport.objects.exists()


def test_only_the_office_enters_paper_reports(world, personas):
    for user in (world.member, world.leader, personas.other_staff):
        with pytest.raises(Forbidden):
            enter(world, actor=user)
    assert not OpinionReport.objects.exists()


def test_the_entry_page_enters_a_report_and_shows_errors(world, client):
    client.force_login(world.staff)
    page = client.get("/opinions/enter/")
    assert page.status_code == 200 and "周敏" in page.content.decode()
    bad = client.post("/opinions/enter/", {"submitter": "", "received_on": "2024-01-01", **TEXT})
    assert bad.status_code == 200 and not OpinionReport.objects.exists()
    upload = SimpleUploadedFile("原件扫描.pdf", PDF)
    data = {"submitter": f"member:{world.person2.pk}", "received_on": "2024-05-06", "urgency": "normal", **TEXT}
    response = client.post("/opinions/enter/", {**data, "attachment": upload})
    report = OpinionReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/opinions/{report.pk}/"
    assert report.submitted_at.date() == datetime.date(2024, 5, 6) and report.attachments.count() == 1
    client.force_login(world.member)
    assert client.get("/opinions/enter/").status_code == 403


def test_a_paper_entry_through_the_api(world, api, client):
    body = {"submitter_kind": "member", "member": world.person2.pk, "received_on": "2024-03-02", **TEXT}
    status, created = api(world.staff, "post", "/opinions/entries", body)
    assert status == 201 and created["state"] == "submitted" and created["credits"][0]["member"] == world.person2.pk
    document = client.get("/api/v1/openapi.json").json()
    assert not openapi_mismatches(document, "post", "/api/v1/opinions/entries", 201, created)
    assert api(world.member, "post", "/opinions/entries", body)[0] == 403
    status, error = api(world.staff, "post", "/opinions/entries", {**body, "member": None})
    assert status == 422 and "member" in error["errors"]
    assert OpinionReport.objects.count() == 1


# --- Attachments ---------------------------------------------------------------------------------


def test_the_writer_attaches_a_file_which_only_those_who_see_the_report_download(world, client):
    report = world.report(submit=False)
    client.force_login(world.member)
    response = client.post(f"/opinions/{report.pk}/files/", {"file": SimpleUploadedFile("照片.pdf", PDF)})
    assert response.status_code == 302
    attachment = report.attachments.get()
    url = f"/opinions/{report.pk}/files/{attachment.pk}/"
    assert f'href="{url}"' in client.get(f"/opinions/{report.pk}/").content.decode()
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(world.member2)
    assert client.get(url).status_code == 404  # not her report
    services.submit_report(actor=world.member, report=report)
    for user in (world.staff, world.leader):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(world.p.other_staff)
    assert client.get(url).status_code == 404
    client.force_login(world.staff)  # another report's id with this file: not found
    other = world.report()
    assert client.get(f"/opinions/{other.pk}/files/{attachment.pk}/").status_code == 404


def test_the_writer_may_not_attach_once_the_office_has_it_in_hand(world):
    report = world.accepted()
    with pytest.raises(Forbidden):
        services.add_attachment(actor=world.member, report=report, upload=SimpleUploadedFile("a.pdf", PDF))
    services.add_attachment(actor=world.staff, report=report, upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(Forbidden):
        services.add_attachment(actor=world.member2, report=report, upload=SimpleUploadedFile("a.pdf", PDF))
    assert report.attachments.count() == 1


def test_attachments_through_the_api(world, client, api):
    report = world.report(submit=False)
    client.force_login(world.member)
    response = client.post(f"/api/v1/opinions/{report.pk}/attachments", {"file": SimpleUploadedFile("说明.pdf", PDF)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "说明.pdf" and body["size"] == len(PDF)
    download = client.get(body["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    status, detail = api(world.member, "get", f"/opinions/{report.pk}")
    assert detail["attachments"] == [body]
    bad = client.post(f"/api/v1/opinions/{report.pk}/attachments", {"file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert bad.status_code == 422 and "file" in bad.json()["errors"]
    assert api(world.member2, "get", body["url"].removeprefix("/api/v1"))[0] == 404
    client.force_login(world.member2)
    stranger = client.post(f"/api/v1/opinions/{report.pk}/attachments", {"file": SimpleUploadedFile("y.pdf", PDF)})
    assert stranger.status_code == 404
    assert api(world.member, "delete", body["url"].removeprefix("/api/v1"))[0] == 204
    assert report.attachments.count() == 0 and Attachment.objects.count() == 1


# --- Configuration -------------------------------------------------------------------------------


def test_categories_are_renamed_and_deactivated_but_one_stays_active(world, personas):
    rows = services.seed_default_categories(actor=world.staff, committee=personas.wuwei)
    assert [c.name for c in rows] == DEFAULT_CATEGORIES
    other = Category.objects.get(committee=personas.wuwei, name="其他")
    services.update_category(actor=world.staff, category=other, name="其他事项")
    services.update_category(actor=world.staff, category=other, is_active=False)
    assert "其他事项" not in services.categories_for(personas.wuwei)
    with pytest.raises(Invalid):
        world.report(category="其他事项")
    with pytest.raises(Invalid):
        services.update_category(actor=world.staff, category=other, name="经济发展")
    for category in Category.objects.filter(committee=personas.wuwei, is_active=True).exclude(name="社会民生"):
        services.update_category(actor=world.staff, category=category, is_active=False)
    last = Category.objects.get(committee=personas.wuwei, name="社会民生")
    with pytest.raises(Invalid):
        services.update_category(actor=world.staff, category=last, is_active=False)
    assert services.categories_for(personas.wuwei) == ["社会民生"]
    with pytest.raises(Forbidden):
        services.update_category(actor=personas.other_staff, category=last, name="改名")
    assert AuditEntry.objects.filter(action="opinions.category.update").count() == 2 + 5


def test_a_former_information_officer_no_longer_submits_and_keeps_the_credit(world, personas):
    officer = services.appoint_officer(
        actor=world.staff, committee=personas.wuwei, user=world.city_staff_only, name="赵信息员"
    )
    report = world.report(world.city_staff_only)
    services.update_officer(actor=world.staff, officer=officer, name="赵新", workplace="某局", party=personas.party)
    officer.refresh_from_db()
    assert (officer.name, officer.workplace, officer.party) == ("赵新", "某局", personas.party)
    services.update_officer(actor=world.staff, officer=officer, is_active=False)
    user = type(world.city_staff_only).objects.get(pk=world.city_staff_only.pk)
    assert services.capacities(user) == []
    with pytest.raises(Forbidden):
        world.report(user)
    assert report.credits.get().officer == officer
    with pytest.raises(Invalid):
        services.update_officer(actor=world.staff, officer=officer, name="")


def test_an_organisation_contact_is_changed_and_deactivated(world, personas):
    contact = services.add_party_contact(
        actor=world.staff, committee=personas.wuwei, party=personas.party, user=world.city_staff_only
    )
    assert services.capacities(world.city_staff_only)
    other = make_user("contact2", committee=personas.wuwei)
    services.update_contact(actor=world.staff, contact=contact, user=other)
    assert services.capacities(other)[0].party == personas.party
    services.update_contact(actor=world.staff, contact=contact, is_active=False)
    assert services.capacities(type(other).objects.get(pk=other.pk)) == []
    with pytest.raises(Invalid):
        services.update_contact(actor=world.staff, contact=contact, user=personas.other_staff)
    assert AuditEntry.objects.filter(action="opinions.contact.update").count() == 2


def test_the_settings_page_edits_and_deactivates(world, personas, client):
    officer = services.appoint_officer(
        actor=world.staff, committee=personas.wuwei, user=world.city_staff_only, name="赵信息员"
    )
    contact = services.add_party_contact(actor=world.staff, committee=personas.wuwei, party=personas.party,
                                         user=world.member2)  # fmt: skip
    client.force_login(world.staff)
    c = {"committee": personas.wuwei.pk}
    assert client.post("/opinions/settings/categories/defaults/", c).status_code == 302
    category = Category.objects.get(committee=personas.wuwei, name="其他")
    client.post(f"/opinions/settings/categories/{category.pk}/", {**c, "name": "其它"})
    client.post(f"/opinions/settings/categories/{category.pk}/", {**c, "active": "0"})
    category.refresh_from_db()
    assert (category.name, category.is_active) == ("其它", False)
    client.post(
        f"/opinions/settings/recipients/{world.department.pk}/", {**c, "name": "市卫健委", "level": "department"}
    )
    client.post(f"/opinions/settings/officers/{officer.pk}/", {**c, "name": "赵新", "workplace": "某局", "party": ""})
    client.post(f"/opinions/settings/officers/{officer.pk}/", {**c, "active": "0"})
    client.post(f"/opinions/settings/contacts/{contact.pk}/", {**c, "active": "0"})
    world.department.refresh_from_db()
    officer.refresh_from_db()
    contact.refresh_from_db()
    assert world.department.name == "市卫健委"
    assert (officer.name, officer.is_active, contact.is_active) == ("赵新", False, False)
    page = client.get("/opinions/settings/").content.decode()
    assert "其它" in page and "已解聘" in page and "已停用" in page
    response = client.post(f"/opinions/settings/contacts/{contact.pk}/", {**c, "username": "nobody"}, follow=True)
    assert "请选择本委员会的账号" in response.content.decode()
    client.force_login(personas.other_staff)  # another committee's rows: not found
    assert client.post(f"/opinions/settings/officers/{officer.pk}/", {"active": "1"}).status_code == 404


def test_configuration_through_the_api(world, personas, api):
    s = world.staff
    status, category = api(s, "post", "/opinion-categories/", {"name": "乡村振兴"})
    assert status == 201 and category["name"] == "乡村振兴"
    status, rows = api(s, "get", "/opinion-categories/")
    assert rows["count"] == len(DEFAULT_CATEGORIES) + 1
    status, changed = api(s, "patch", f"/opinion-categories/{category['id']}", {"is_active": False, "sort": 3})
    assert status == 200 and changed["is_active"] is False and changed["sort"] == 3
    status, recipient = api(s, "patch", f"/opinion-recipients/{world.department.pk}", {"is_active": False})
    assert status == 200 and recipient["is_active"] is False
    status, officer = api(s, "post", "/opinion-officers/", {"username": "city_staff_only", "name": "赵信息员"})
    assert status == 201 and officer["is_active"]
    status, officer = api(s, "patch", f"/opinion-officers/{officer['id']}", {"is_active": False, "workplace": "某局"})
    assert status == 200 and not officer["is_active"] and officer["workplace"] == "某局"
    body = {"party": personas.party.pk, "username": "member2"}
    status, contact = api(s, "post", "/opinion-contacts/", body)
    assert status == 201
    status, contact = api(s, "patch", f"/opinion-contacts/{contact['id']}", {"is_active": False})
    assert status == 200 and contact["is_active"] is False
    assert api(s, "patch", f"/opinion-contacts/{contact['id']}", {"username": "nobody"})[0] == 422
    assert api(s, "patch", f"/opinion-categories/{category['id']}", {"name": ""})[0] == 422
    assert api(personas.other_staff, "patch", f"/opinion-categories/{category['id']}", {"name": "x"})[0] == 404
    assert api(world.member, "patch", f"/opinion-categories/{category['id']}", {"name": "x"})[0] == 403
    assert api(world.member, "get", "/opinion-officers/")[0] == 403
    assert InformationOfficer.objects.get().workplace == "某局" and not PartyContact.objects.get().is_active


def test_illegal_attachments_on_a_merged_report(world):
    item = world.accepted()
    other = world.report(world.member2)
    services.combine_reports(actor=world.staff, report=item, others=[other.pk])
    other.refresh_from_db()
    with pytest.raises(Forbidden):
        services.add_attachment(actor=world.staff, report=other, upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(IllegalTransition):
        services.update_draft(actor=world.member2, report=other, data=TEXT)
