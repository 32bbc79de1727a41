"""Who sees what: a unit its assignments, a member their own and the filed ones of their committee,
another committee's staff nothing (404 by page and API), the administrator roles nothing."""

import pytest
from django.urls import reverse

from lvzhi.proposals.models import Assignment, Proposal


@pytest.fixture
def spread(world):
    """A draft and a submitted proposal of another member, one filed, one assigned to unit2 only."""
    other = world.co
    return {
        "draft": world.draft(actor=other, title="关于他人草稿的建议"),
        "submitted": world.submitted(title="关于本人提交的建议"),
        "filed": world.filed(title="关于已立案提案的建议"),
        "unit2_only": world.assigned(title="关于只交财政局的建议", units=[{"unit": world.unit2.pk, "role": "lead"}]),
        "mine_assigned": world.assigned(title="关于交教育局的建议"),
    }


def titles(qs):
    return set(qs.values_list("title", flat=True))


def test_a_unit_sees_only_proposals_assigned_to_it(world, spread):
    assert titles(Proposal.objects.visible_to(world.p.unit_user)) == {"关于交教育局的建议"}
    assert set(Assignment.objects.visible_to(world.p.unit_user).values_list("unit", flat=True)) == {world.unit.pk}


def test_a_member_sees_own_proposals_and_the_filed_ones_of_the_committee(world, spread):
    seen = titles(Proposal.objects.visible_to(world.p.member))
    assert "关于他人草稿的建议" not in seen
    assert {"关于本人提交的建议", "关于已立案提案的建议", "关于只交财政局的建议"} <= seen
    assert "关于他人草稿的建议" in titles(Proposal.objects.visible_to(world.co))


def test_other_committees_staff_and_admins_see_nothing(world, spread):
    for user in (world.p.other_staff, *world.p.admins):
        assert not Proposal.objects.visible_to(user).exists()
        assert not Assignment.objects.visible_to(user).exists()


def test_the_office_and_leaders_see_every_proposal_of_their_scope_but_members_drafts(world, spread):
    # drafts are private to their authors until submitted (docs/security.md)
    for reader in (world.p.staff, world.p.leader):
        seen = titles(Proposal.objects.visible_to(reader))
        assert len(seen) == 4 and "关于他人草稿的建议" not in seen


@pytest.mark.parametrize("who", ["other_staff", "unit_user", "sysadmin", "auditor"])
def test_pages_and_api_answer_404_outside_visibility(client, world, spread, who):
    user = getattr(world.p, who)
    client.force_login(user)
    hidden = spread["unit2_only"] if who == "unit_user" else spread["filed"]
    assert client.get(reverse("proposals:detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("proposals:docx", args=[hidden.pk])).status_code == 404
    assert client.post(reverse("proposals:act", args=[hidden.pk, "withdraw"])).status_code == 404
    assert client.get(f"/api/v1/proposals/{hidden.pk}").status_code == 404
    a = hidden.assignments.first() or spread["unit2_only"].assignments.first()
    assert client.get(f"/api/v1/assignments/{a.pk}").status_code == 404


def test_a_member_cannot_read_a_draft_of_another_member(client, world, spread):
    client.force_login(world.p.member)
    assert client.get(reverse("proposals:detail", args=[spread["draft"].pk])).status_code == 404


def test_anonymous_users_are_sent_to_login_and_refused_by_the_api(client, spread):
    assert client.get(reverse("proposals:list")).status_code == 302
    assert client.get("/api/v1/proposals/").status_code == 401


def test_a_member_may_not_open_the_office_lists(client, world):
    client.force_login(world.p.member)
    assert client.get(reverse("proposals:list")).status_code == 403
    assert client.get(reverse("proposals:review")).status_code == 403
