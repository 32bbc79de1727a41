"""The pages: each role's lists and the detail page, actions through forms, exports, query counts."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal


def client_for(client, user):
    client.force_login(user)
    return client


def test_a_member_drafts_through_the_form_and_sees_it_in_mine(client, world):
    c = client_for(client, world.p.member)
    response = c.get(reverse("proposals:create"))
    assert response.status_code == 200
    category = response.context["form"].fields["category"].choices[1][0]
    response = c.post(
        reverse("proposals:create"),
        {
            "title": "关于加强城区停车管理的建议",
            "category": category,
            "kind": "individual",
            "session": "default",
            "situation": "停车难",
            "suggestions": "建设停车场",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="关于加强城区停车管理的建议")
    assert proposal.session is not None and proposal.proposer == world.p.member_person
    page = c.get(reverse("proposals:mine"))
    assert "关于加强城区停车管理的建议" in page.content.decode()
    detail = c.get(reverse("proposals:detail", args=[proposal.pk]))
    assert detail.status_code == 200 and 'data-testid="form-submit"' in detail.content.decode()


def test_a_bad_draft_shows_the_errors_and_writes_nothing(client, world):
    c = client_for(client, world.p.member)
    response = c.post(reverse("proposals:create"), {"title": "x" * 101, "kind": "joint", "session": "default"})
    assert response.status_code == 422
    assert not Proposal.objects.exists()
    assert "category" in response.context["form"].errors


def test_the_similar_fragment_answers_htmx(client, world):
    world.filed()
    c = client_for(client, world.p.member)
    response = c.get(reverse("proposals:create"), {"title": "规范校外托管机构"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "关于规范中小学校外托管机构的建议" in response.content.decode()


def test_the_office_files_and_assigns_through_the_detail_page(client, world):
    proposal = world.submitted()
    c = client_for(client, world.p.staff)
    assert c.get(reverse("proposals:review")).status_code == 200
    response = c.post(reverse("proposals:act", args=[proposal.pk, "file"]), {"note": ""})
    assert response.status_code == 302
    response = c.post(reverse("proposals:act", args=[proposal.pk, "assign"]), {"co": [world.unit2.pk]})
    assert response.status_code == 422
    assert "主办单位" in response.content.decode()
    response = c.post(
        reverse("proposals:act", args=[proposal.pk, "assign"]), {"lead": world.unit.pk, "co": [world.unit2.pk]}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "assigned" and proposal.assignments.count() == 2
    detail = c.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert 'data-testid="timeline"' in detail and "五届三次会议第0001号" in detail


def test_a_unit_signs_and_replies_through_the_detail_page(client, world):
    proposal = world.assigned()
    lead = world.lead(proposal)
    c = client_for(client, world.p.unit_user)
    inbox = c.get(reverse("proposals:inbox")).content.decode()
    assert proposal.title in inbox
    assert c.post(reverse("proposals:assignment_act", args=[lead.pk, "sign"])).status_code == 302
    response = c.post(reverse("proposals:assignment_act", args=[lead.pk, "reply"]), {"category": "A", "text": "已办"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.state == "replied"


def test_the_list_exports_its_filter_to_xlsx(client, world):
    world.filed()
    world.submitted(title="关于发展设施农业的建议")
    c = client_for(client, world.p.staff)
    response = c.get(reverse("proposals:list"), {"state": "filed", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "案号" and len(rows) == 2 and rows[1][0] == "五届三次会议第0001号"


def test_the_category_filter_offers_each_name_once_for_a_city_and_its_counties(client, world):
    """Every committee keeps its own row of the same category: the list's filter of a city office
    (the city and its counties) offers each name once, and choosing it finds the county's proposals too."""
    from lvzhi.proposals.models import ProposalCategory

    for committee in (world.p.wuwei, world.p.liangzhou):
        ProposalCategory.objects.get_or_create(committee=committee, name="社会建设")
        ProposalCategory.objects.get_or_create(committee=committee, name="经济建设")
    world.filed()
    html = client_for(client, world.p.staff).get(reverse("proposals:list")).content.decode()
    select = re.search(r'<select[^>]*name="category".*?</select>', html, re.S).group(0)
    offered = re.findall(r'<option value="([^"]+)"', select)
    assert sorted(offered) == sorted(set(offered)) and {"社会建设", "经济建设"} <= set(offered)
    found = client.get(reverse("proposals:list"), {"category": "社会建设"}).content.decode()
    assert "五届三次会议第0001号" in found


def test_the_proposal_form_is_a_docx(client, world):
    proposal = world.filed()
    response = client_for(client, world.p.member).get(reverse("proposals:docx", args=[proposal.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "提案表" in text and "情况与问题" in text


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("name", ["proposals:list", "proposals:review", "proposals:inbox", "proposals:mine"])
def test_list_query_counts_do_not_grow_with_rows(client, world, name):
    user = {
        "proposals:list": world.p.staff,
        "proposals:review": world.p.staff,
        "proposals:inbox": world.p.unit_user,
        "proposals:mine": world.p.member,
    }[name]
    c = client_for(client, user)
    world.assigned()
    world.submitted(joint=True)
    few = _count(c, reverse(name))
    for i in range(8):
        world.assigned(title=f"关于第{i}个问题的建议")
        world.submitted(title=f"关于第{i}件待审提案的建议", joint=True)
    many = _count(c, reverse(name))
    assert many == few


def test_the_dashboard_shows_every_figure(client, world):
    world.assigned()
    response = client_for(client, world.p.staff).get(reverse("proposals:dashboard"))
    assert response.status_code == 200
    assert 'data-testid="figure-proposals.handled"' in response.content.decode()
    drill = client_for(client, world.p.staff).get(reverse("proposals:list"), {"figure": "proposals.handled"})
    assert drill.context["page"].paginator.count == 1


def test_the_home_page_shows_the_to_dos(client, world):
    world.submitted()
    response = client_for(client, world.p.staff).get(reverse("core:home"))
    assert "待审查提案" in response.content.decode()


def test_the_compilation_is_a_docx(client, world):
    world.filed()
    response = client_for(client, world.p.staff).get(reverse("proposals:compilation"))
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content))


def test_services_module_is_used_by_pages():
    assert services.PROPOSAL_FLOW


def test_filing_says_the_number_it_gave(client, world):
    proposal = world.submitted()
    c = client_for(client, world.p.staff)
    response = c.post(reverse("proposals:act", args=[proposal.pk, "file"]), {"note": ""}, follow=True)
    proposal.refresh_from_db()
    assert proposal.number
    assert f"已立案，案号 {proposal.number}。" in [str(m) for m in response.context["messages"]]


def test_a_reply_is_one_line_of_the_timeline(client, world):
    proposal = world.replied()
    client.force_login(world.p.staff)
    rows = client.get(reverse("proposals:detail", args=[proposal.pk])).context["timeline"]
    replied = [r for r in rows if r.to_state == "replied"]
    assert len(replied) == 1
    assert str(world.unit) in replied[0].note


def test_a_reply_is_one_line_even_when_its_two_writes_straddle_a_second(client, world):
    """The unit's reply and the proposal's move are written one after the other in one call: when a
    second's boundary falls between them (a loaded server), the timeline still shows one line."""
    import datetime

    from django.contrib.contenttypes.models import ContentType

    from lvzhi.core.models import Transition

    proposal = world.replied()
    own = Transition.objects.get(
        content_type=ContentType.objects.get_for_model(proposal), object_id=proposal.pk, to_state="replied"
    )
    unit_line = Transition.objects.filter(to_state="replied").exclude(pk=own.pk).get()
    start = unit_line.at.replace(microsecond=999_000)
    Transition.objects.filter(pk=unit_line.pk).update(at=start)
    Transition.objects.filter(pk=own.pk).update(at=start + datetime.timedelta(milliseconds=2))
    client.force_login(world.p.staff)
    rows = client.get(reverse("proposals:detail", args=[proposal.pk])).context["timeline"]
    replied = [r for r in rows if r.to_state == "replied"]
    assert len(replied) == 1 and str(world.unit) in replied[0].note


@pytest.mark.django_db
def test_the_detail_page_lists_the_proposals_merged_into_it_and_their_proposers_rate_its_replies(client, world):
    """The page reads the merged proposals once, with the proposal: it lists them with their
    proposers, and the raters it asks about (a merged proposal's co-proposers too) are those the
    services count."""
    from django.test import RequestFactory

    from lvzhi.proposals.services.flows import raters_of
    from lvzhi.proposals.views.common import get_proposal_for_user

    target = world.filed(title="关于加强农村饮水安全的建议")
    other = world.filed(joint=True, title="关于农村饮水工程管护的建议")
    client.force_login(world.p.staff)
    assert client.post(reverse("proposals:act", args=[other.pk, "merge"]), {"into": str(target.pk)}).status_code == 302
    services.assign_proposal(actor=world.p.staff, proposal=target, units=[{"unit": world.unit.pk, "role": "lead"}])
    lead = world.lead(target)
    services.sign_assignment(actor=world.p.unit_user, assignment=lead)
    services.reply_assignment(actor=world.p.unit_user, assignment=lead, category="A", text="已制定管理办法。")

    body = client.get(reverse("proposals:detail", args=[target.pk])).content.decode()
    assert f"关于农村饮水工程管护的建议（{world.p.member.member.name}）" in body

    request = RequestFactory().get("/")
    request.user = world.p.staff
    on_the_page = get_proposal_for_user(request, target.pk)
    assert [p.pk for p in on_the_page.merged_proposals] == [other.pk]
    assert raters_of(on_the_page) == raters_of(Proposal.objects.get(pk=target.pk))
    assert world.co_person.pk in raters_of(on_the_page)


@pytest.mark.django_db
def test_the_detail_page_reads_the_lists_a_proposal_has_and_only_those(client, world):
    """Co-proposers, files, supervision records, ratings and extension requests are read only for a
    proposal (or its assignments) that has some: a bare proposal's page runs three statements fewer
    than one with co-proposers, a supervision record and an extension request, and each page shows
    what its proposal has."""
    import datetime

    bare = world.assigned(title="关于加强城区绿化管护的建议")
    full = world.assigned(joint=True, title="关于农村饮水工程管护的建议")
    lead = world.lead(full)
    services.add_supervision(
        actor=world.p.staff, proposal=full, kind="meeting", date=datetime.date.today(), notes="召开督办会"
    )
    until = lead.deadline + datetime.timedelta(days=30)
    services.request_extension(actor=world.p.unit_user, assignment=lead, until=until, reason="需要实地调研")
    client.force_login(world.p.staff)
    counts, bodies = {}, {}
    for proposal in (bare, full):
        url = reverse("proposals:detail", args=[proposal.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            bodies[proposal.pk] = client.get(url).content.decode()
        counts[proposal.pk] = len(queries)
    assert counts[full.pk] - counts[bare.pk] == 3
    shown = bodies[full.pk]
    assert "召开督办会" in shown and "需要实地调研" in shown and world.co_person.name in shown
    assert 'data-testid="supervisions"' not in bodies[bare.pk] and 'data-testid="coproposers"' not in bodies[bare.pk]
