"""The action tables drive the page and the API alike: what a page can do, the API can do (files,
extension decisions, co-proposers' confirmations), and withdrawing ends the open assignments
through their workflow."""

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.models import Attachment, Transition
from lvzhi.proposals import services
from lvzhi.proposals.actions import ASSIGNMENT_ACTIONS, PROPOSAL_ACTIONS
from lvzhi.proposals.models import Assignment, ExtensionRequest, Proposal, Supervision

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def api(client, user):
    client.force_login(user)
    client.handler.enforce_csrf_checks = False
    return client


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_draft_s_files_are_added_downloaded_and_removed_through_the_api(client, world):
    draft = world.draft()
    c = api(client, world.p.member)
    upload = SimpleUploadedFile("调研报告.pdf", PDF, content_type="application/pdf")
    r = c.post(f"/api/v1/proposals/{draft.pk}/attachments", {"file": upload})
    assert r.status_code == 201, r.content
    file_id = r.json()["id"]
    assert [f["id"] for f in c.get(f"/api/v1/proposals/{draft.pk}").json()["attachments"]] == [file_id]
    assert c.get(f"/api/v1/proposals/{draft.pk}/attachments/{file_id}").status_code == 200
    assert c.delete(f"/api/v1/proposals/{draft.pk}/attachments/{file_id}").status_code == 204
    assert not Proposal.objects.get(pk=draft.pk).attachments.exists()


def test_a_bad_file_through_the_api_is_422_and_writes_nothing(client, world):
    draft = world.draft()
    c = api(client, world.p.member)
    fake = SimpleUploadedFile("报告.pdf", b"plain text", content_type="application/pdf")
    assert c.post(f"/api/v1/proposals/{draft.pk}/attachments", {"file": fake}).status_code == 422
    assert not Attachment.objects.exists()


def test_a_supervision_record_and_its_file_through_the_api(client, world):
    proposal = world.assigned()
    c = api(client, world.p.staff)
    r = post(c, f"/api/v1/proposals/{proposal.pk}/supervise", {"kind": "onsite", "date": "2025-05-01"})
    assert r.status_code == 200 and r.json()["is_key"]
    sid = r.json()["supervisions"][0]["id"]
    upload = SimpleUploadedFile("现场督办.pdf", PDF, content_type="application/pdf")
    r = c.post(f"/api/v1/proposals/{proposal.pk}/supervisions/{sid}/attachments", {"file": upload})
    assert r.status_code == 201
    assert Supervision.objects.get(pk=sid).attachments.get().name == "现场督办.pdf"


def test_a_unit_asks_for_an_extension_and_the_office_decides_it_through_the_api(client, world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    c = api(client, world.p.unit_user)
    until = (lead.deadline + datetime.timedelta(days=30)).isoformat()
    assert post(c, f"/api/v1/assignments/{lead.pk}/extend", {"until": until, "reason": "需要调研"}).status_code == 200
    extension = ExtensionRequest.objects.get(assignment=lead)
    assert post(c, f"/api/v1/proposal-extensions/{extension.pk}/approve", {}).status_code in (403, 404)
    c = api(client, world.p.staff)
    r = post(c, f"/api/v1/proposal-extensions/{extension.pk}/approve", {"note": "同意"})
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert Assignment.objects.get(pk=lead.pk).deadline.isoformat() == until


def test_a_co_proposer_confirms_through_the_action_page(client, world):
    draft = world.draft(joint=True)
    client.force_login(world.co)
    page = client.get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="confirm"' in page
    assert client.post(reverse("proposals:act", args=[draft.pk, "confirm"])).status_code == 302
    assert draft.coproposers.get().confirmed_at is not None
    assert not PROPOSAL_ACTIONS.get("confirm").available(world.co, Proposal.objects.get(pk=draft.pk))


def test_a_unit_rates_nothing_and_a_proposer_rates_once_on_the_assignment(client, world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    services.sign_assignment(actor=world.p.unit_user, assignment=lead)
    services.reply_assignment(actor=world.p.unit_user, assignment=lead, category="A", text="已办")
    lead = Assignment.objects.select_related("proposal").get(pk=lead.pk)
    evaluate = ASSIGNMENT_ACTIONS.get("evaluate")
    assert not evaluate.available(world.p.unit_user, lead)
    assert evaluate.available(world.p.member, lead)
    c = api(client, world.p.member)
    assert post(c, f"/api/v1/assignments/{lead.pk}/evaluate", {"rating": "satisfied"}).status_code == 200
    lead = Assignment.objects.select_related("proposal").get(pk=lead.pk)
    assert not evaluate.available(world.p.member, lead)


def test_withdrawing_ends_the_open_assignments_through_their_workflow(world):
    proposal = world.assigned()
    services.withdraw_proposal(actor=world.p.staff, proposal=proposal, note="提案人申请撤回")
    states = set(Assignment.objects.filter(proposal=proposal).values_list("state", flat=True))
    assert states == {"reassigned"}
    ended = Transition.objects.filter(action="withdraw", to_state="reassigned")
    assert ended.count() == Assignment.objects.filter(proposal=proposal).count()
    assert all(t.at <= timezone.now() for t in ended)


def test_the_reply_letter_follows_the_reply_through_the_api(client, world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    c = api(client, world.p.unit_user)
    letter = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    assert c.post(f"/api/v1/assignments/{lead.pk}/letter", {"file": letter}).status_code == 409
    assert post(c, f"/api/v1/assignments/{lead.pk}/sign", {}).status_code == 200
    assert post(c, f"/api/v1/assignments/{lead.pk}/reply", {"category": "A", "text": "已办"}).status_code == 200
    letter = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    r = c.post(f"/api/v1/assignments/{lead.pk}/letter", {"file": letter})
    assert r.status_code == 200 and r.json()["reply_letter"]["name"] == "答复函.pdf"
    c = api(client, world.p.member)
    assert c.get(r.json()["reply_letter"]["url"]).status_code == 200
