"""The office's and the unit's step forms ask in the office's terms: 并案 is chosen by 案号 and
title (never an internal id), a reply's category has no preselected answer, and a missing one is
said next to its field."""

import pytest
from django.urls import reverse

from lvzhi.proposals import services
from lvzhi.proposals.forms import AssignForm, MergeForm, ReplyForm
from lvzhi.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_merge_offers_the_filed_proposals_by_number_and_title(client, world):
    target = world.filed(title="关于加强农村饮水安全的建议")
    other = world.filed(title="关于农村饮水工程管护的建议")
    form = MergeForm(proposal=other)
    labels = dict(form.fields["into"].choices)
    assert labels[str(target.pk)] == f"{target.number} 关于加强农村饮水安全的建议"
    assert str(other.pk) not in labels  # not into itself

    client.force_login(world.p.staff)
    response = client.post(reverse("proposals:act", args=[other.pk, "merge"]), {"into": str(target.pk)})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.merged_into_id == target.pk


def test_merge_without_a_choice_is_refused_next_to_the_field(client, world):
    other = world.filed()
    client.force_login(world.p.staff)
    response = client.post(reverse("proposals:act", args=[other.pk, "merge"]), {"into": ""})
    assert response.status_code == 422
    assert "请选择本委员会一件已立案的提案" in response.content.decode()
    assert Proposal.objects.get(pk=other.pk).merged_into_id is None


def test_the_reply_category_has_no_default(client, world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    services.sign_assignment(actor=world.p.unit_user, assignment=lead)
    form = ReplyForm(committee=world.committee)
    assert form.fields["category"].choices[0][0] == ""
    assert "selected" not in str(form["category"]).split("</option>")[1]

    client.force_login(world.p.unit_user)
    url = reverse("proposals:assignment_act", args=[lead.pk, "reply"])
    response = client.post(url, {"text": "已办"})
    assert response.status_code == 422
    assert "请选择答复类别" in response.content.decode()
    lead.refresh_from_db()
    assert lead.reply_text == ""


def test_the_assignment_form_reads_the_units_once_for_its_three_choices(world, django_assert_num_queries):
    form = AssignForm(committee=world.committee)
    with django_assert_num_queries(1):
        html = str(form)
    for name in ("lead", "co", "split"):
        assert f'name="{name}"' in html
    assert html.count(f'value="{world.unit.pk}"') == 3 and html.count(f'value="{world.unit2.pk}"') == 3
    keyed = AssignForm({"lead": str(world.unit.pk), "co": [str(world.unit2.pk)]}, committee=world.committee)
    assert keyed.is_valid() and keyed.cleaned_data["units"] == [
        {"unit": str(world.unit.pk), "role": "lead"},
        {"unit": str(world.unit2.pk), "role": "co"},
    ]
