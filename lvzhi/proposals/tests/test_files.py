"""Attachments on drafts and supervision records, downloaded by whoever may see the proposal;
the supervising leaders of a key proposal (督办领导)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import Attachment
from lvzhi.org.factories import make_member
from lvzhi.org.models import Membership
from lvzhi.proposals import attachments, services
from lvzhi.proposals.models import Supervision

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="调研报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_proposer_attaches_files_to_a_draft_and_removes_them(world):
    draft = world.draft()
    first = attachments.add_draft_attachment(actor=world.p.member, proposal=draft, upload=pdf())
    assert list(draft.attachments.all()) == [first] and first.committee == world.committee
    attachments.remove_draft_attachment(actor=world.p.member, proposal=draft, attachment_id=first.pk)
    assert not draft.attachments.exists()


def test_a_file_whose_content_is_not_its_type_is_refused_and_nothing_is_written(world):
    draft = world.draft()
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(Invalid) as exc:
        attachments.add_draft_attachment(actor=world.p.member, proposal=draft, upload=fake)
    assert "file" in exc.value.errors
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(Invalid):
        attachments.add_draft_attachment(actor=world.p.member, proposal=draft, upload=script)
    assert not Attachment.objects.exists() and not draft.attachments.exists()


def test_an_oversized_file_is_refused(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Invalid):
        attachments.add_draft_attachment(actor=world.p.member, proposal=world.draft(), upload=pdf())
    assert not Attachment.objects.exists()


def test_only_the_first_proposer_or_the_office_attaches_and_only_to_drafts(world):
    draft = world.draft(joint=True)
    for who in (world.co, world.p.unit_user, world.p.other_staff):
        with pytest.raises(Forbidden):
            attachments.add_draft_attachment(actor=who, proposal=draft, upload=pdf())
    attachments.add_draft_attachment(actor=world.p.staff, proposal=draft, upload=pdf())
    filed = world.filed()
    with pytest.raises(IllegalTransition):
        attachments.add_draft_attachment(actor=world.p.member, proposal=filed, upload=pdf())


def test_the_draft_page_uploads_and_everyone_who_sees_the_proposal_downloads(client, world):
    draft = world.draft()
    client.force_login(world.p.member)
    page = client.get(reverse("proposals:detail", args=[draft.pk]))
    assert 'data-testid="attach-form"' in page.content.decode()
    response = client.post(reverse("proposals:attach", args=[draft.pk]), {"file": pdf()})
    assert response.status_code == 302
    f = draft.attachments.get()
    url = reverse("proposals:file", args=[draft.pk, f.pk])
    assert url in client.get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/octet-stream" and "attachment" in download["Content-Disposition"]
    services.submit_proposal(actor=world.p.member, proposal=draft)
    services.file_proposal(actor=world.p.staff, proposal=draft)
    services.assign_proposal(actor=world.p.staff, proposal=draft, units=[{"unit": world.unit.pk, "role": "lead"}])
    # the unit user, who sees the assigned proposal, downloads its file by either route
    client.force_login(world.p.unit_user)
    assert client.get(reverse("core:attachment", args=[f.pk])).status_code == 200
    assert client.get(url).status_code == 200
    # a unit without the assignment, and another committee's office: 404 by either route
    for user in (world.unit2_user, world.p.other_staff):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("core:attachment", args=[f.pk])).status_code == 404


def test_a_file_of_another_proposal_is_not_served_through_this_one(client, world):
    mine = world.draft()
    other = world.draft(title="关于另一件事的建议")
    f = attachments.add_draft_attachment(actor=world.p.member, proposal=other, upload=pdf())
    client.force_login(world.p.member)
    assert client.get(reverse("proposals:file", args=[mine.pk, f.pk])).status_code == 404


def test_a_bad_upload_on_the_page_shows_the_reason_and_writes_nothing(client, world):
    draft = world.draft()
    client.force_login(world.p.member)
    fake = SimpleUploadedFile("报告.pdf", b"plain text", content_type="application/pdf")
    response = client.post(reverse("proposals:attach", args=[draft.pk]), {"file": fake}, follow=True)
    assert "文件内容与扩展名不符" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_supervision_record_carries_an_attachment_everyone_on_the_proposal_may_download(client, world):
    proposal = world.assigned()
    services.set_flags(actor=world.p.staff, proposal=proposal, is_key=True)
    client.force_login(world.p.staff)
    response = client.post(
        reverse("proposals:act", args=[proposal.pk, "supervise"]),
        {"kind": "onsite", "date": "2025-05-01", "notes": "实地查看", "file": pdf("现场督办.pdf")},
    )
    assert response.status_code == 302
    row = Supervision.objects.get(proposal=proposal)
    f = row.attachments.get()
    assert f.name == "现场督办.pdf"
    url = reverse("proposals:file", args=[proposal.pk, f.pk])
    client.force_login(world.p.unit_user)
    assert url in client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(world.p.member)
    assert client.get(url).status_code == 200


def test_a_bad_supervision_file_writes_no_supervision(client, world):
    proposal = world.assigned()
    client.force_login(world.p.staff)
    fake = SimpleUploadedFile("纪要.docx", b"not a docx", content_type="application/octet-stream")
    response = client.post(
        reverse("proposals:act", args=[proposal.pk, "supervise"]),
        {"kind": "meeting", "date": "2025-05-01", "file": fake},
    )
    assert response.status_code == 422
    assert not Supervision.objects.exists() and not Attachment.objects.exists()


def test_the_reply_letter_is_downloadable_by_the_proposer_and_the_unit(client, world):
    proposal = world.assigned()
    a = world.lead(proposal)
    client.force_login(world.p.unit_user)
    client.post(reverse("proposals:assignment_act", args=[a.pk, "sign"]), {})
    response = client.post(
        reverse("proposals:assignment_act", args=[a.pk, "reply"]),
        {"category": "A", "text": "已办理。", "letter": pdf("答复函.pdf")},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    url = reverse("proposals:file", args=[proposal.pk, a.reply_letter_id])
    assert client.get(url).status_code == 200
    client.force_login(world.p.member)
    assert client.get(url).status_code == 200
    client.force_login(world.unit2_user)  # the co-unit sees the lead's reply on the detail page too
    assert client.get(url).status_code in (200, 404)


def _leader(world, name="张主席", role="vice_chair"):
    person = make_member(world.committee, name)
    Membership.objects.filter(member=person).update(role=role)
    return person


def test_the_key_proposal_form_names_the_supervising_leaders(client, world):
    chair = _leader(world)
    proposal = world.assigned()
    client.force_login(world.p.staff)
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    form = {a: f for a, _l, f in page.context["actions"]}["flags"]
    assert str(chair.pk) in [value for value, _label in form.fields["leaders"].choices]
    response = client.post(
        reverse("proposals:act", args=[proposal.pk, "flags"]), {"is_key": "on", "leaders": [chair.pk]}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_key and list(proposal.supervising_leaders.all()) == [chair]
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert "张主席" in page.content.decode().split('data-testid="leaders"')[1][:200]


def test_a_leader_outside_the_committee_is_refused(client, world):
    proposal = world.assigned()
    client.force_login(world.p.staff)
    response = client.post(
        reverse("proposals:act", args=[proposal.pk, "flags"]),
        {"is_key": "on", "leaders": [world.p.pingliang_person.pk]},
    )
    assert response.status_code == 422
    assert not proposal.supervising_leaders.exists()
    with pytest.raises(Invalid):
        services.set_flags(actor=world.p.staff, proposal=proposal, is_key=True, leaders=[world.p.pingliang_person.pk])


def test_the_api_sets_and_shows_the_supervising_leaders(client, world):
    chair = _leader(world)
    proposal = world.assigned()
    client.force_login(world.p.staff)
    client.handler.enforce_csrf_checks = False
    r = client.post(
        f"/api/v1/proposals/{proposal.pk}/flags",
        data=json.dumps({"is_key": True, "leaders": [chair.pk]}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["supervising_leaders"] == [chair.pk] and r.json()["is_key"]
    r = client.post(
        f"/api/v1/proposals/{proposal.pk}/flags",
        data=json.dumps({"leaders": [world.p.pingliang_person.pk]}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert list(proposal.supervising_leaders.all()) == [chair]
