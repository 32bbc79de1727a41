"""Drafts are private (docs/security.md): a member's proposal draft and its files are seen by the
proposer and the co-proposers only, until it is submitted; a draft the office entered from paper is
the office's own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.org.tests.api_support import session_client
from lvzhi.proposals import attachments, services

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def _statuses(user, proposal, file_id):
    client = session_client(user)
    paths = [
        f"/proposals/{proposal.pk}/",
        f"/api/v1/proposals/{proposal.pk}",
        f"/proposals/{proposal.pk}/files/{file_id}/",
        f"/api/v1/proposals/{proposal.pk}/attachments/{file_id}",
        f"/attachments/{file_id}/",
    ]
    return [client.get(path).status_code for path in paths]


def test_a_members_draft_and_its_files_are_hidden_from_the_office_and_leaders_until_submitted(world):
    draft = world.draft(joint=True)
    upload = SimpleUploadedFile("调研报告.pdf", PDF, content_type="application/pdf")
    f = attachments.add_draft_attachment(actor=world.p.member, proposal=draft, upload=upload)
    for author in (world.p.member, world.co):
        assert _statuses(author, draft, f.pk) == [200] * 5
    for outsider in (world.p.staff, world.p.leader, world.p.county_staff, world.p.other_staff):
        assert _statuses(outsider, draft, f.pk) == [404] * 5, outsider
    services.confirm_coproposal(actor=world.co, proposal=draft)
    services.submit_proposal(actor=world.p.member, proposal=draft)
    for reader in (world.p.staff, world.p.leader):
        assert _statuses(reader, draft, f.pk) == [200] * 5, reader


def test_a_draft_the_office_entered_from_paper_stays_the_offices(world):
    draft = world.draft(actor=world.p.staff, proposer=world.p.member_person.pk)
    client = session_client(world.p.staff)
    assert client.get(f"/proposals/{draft.pk}/").status_code == 200
    assert session_client(world.p.member).get(f"/proposals/{draft.pk}/").status_code == 200


def test_which_drafts_are_private_follows_the_creator_and_the_first_proposer(world):
    """The rule as a join states it, against the EXISTS the office's queries use."""
    from django.db.models import F, Q

    from lvzhi.proposals.models import Assignment, Proposal

    own = world.draft()
    joint = world.draft(joint=True)
    paper = world.draft(actor=world.p.staff, proposer=world.p.member_person.pk)
    handled = world.assigned()
    as_joined = Q(state="draft", submitted_at__isnull=True, created_by__member_id=F("proposer_id"))
    expected = set(Proposal.objects.exclude(as_joined).values_list("pk", flat=True))
    office = set(Proposal.objects.visible_to(world.p.staff).values_list("pk", flat=True))
    assert office == expected
    assert paper.pk in office and handled.pk in office
    assert not office & {own.pk, joint.pk}
    # an assignment is seen with its proposal: the office's by committee, the member's by their proposal
    every = set(Assignment.objects.filter(proposal=handled).values_list("pk", flat=True))
    assert every and set(Assignment.objects.visible_to(world.p.staff).values_list("pk", flat=True)) >= every
    assert set(Assignment.objects.visible_to(world.p.member).values_list("pk", flat=True)) == every
