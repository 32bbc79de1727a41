"""The manuscript's review: 初审 → 复审 → 采用 / 退改 / 不用, with reviewers' notes, the author's
revision after 退改 (the original kept as version 1), refusals that change nothing, and scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.core.workflow import timeline
from lvzhi.duties import ledger
from lvzhi.duties.models import DutyEvent
from lvzhi.wenshi import services
from lvzhi.wenshi.choices import AuthorKind, ManuscriptState
from lvzhi.wenshi.factories import make_manuscript
from lvzhi.wenshi.models import Manuscript

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_member_sends_in_a_manuscript_as_its_author(world):
    m = world.manuscript
    assert m.state == ManuscriptState.SUBMITTED
    assert m.member == world.p.member_person and m.author_name == "李明" and m.author_kind == AuthorKind.MEMBER
    assert [v.number for v in m.versions.all()] == [1]
    assert AuditEntry.objects.filter(action="wenshi.manuscript.create", object_id=str(m.pk)).exists()


def test_it_passes_adopts_and_records_reviewers_notes_and_a_duty_event(world):
    m = world.manuscript
    services.pass_manuscript(actor=world.staff, manuscript=m, note="史料翔实")
    services.adopt_manuscript(actor=world.staff, manuscript=m, note="拟编入第18辑")
    m.refresh_from_db()
    assert m.state == ManuscriptState.ADOPTED and m.decided_on is not None
    assert m.first_reviewer == world.staff and m.second_reviewer == world.staff
    assert [(t.action, t.note) for t in timeline(m)][1:] == [("pass", "史料翔实"), ("adopt", "拟编入第18辑")]
    assert DutyEvent.objects.filter(kind="wenshi.adopted", member=world.p.member_person).count() == 1
    assert not ledger.differences()


def test_a_returned_manuscript_is_revised_by_its_author_and_the_original_is_kept(world):
    m = world.manuscript
    original = m.text
    with pytest.raises(Invalid) as refused:
        services.return_manuscript(actor=world.staff, manuscript=m, note="")
    assert "note" in refused.value.errors
    services.return_manuscript(actor=world.staff, manuscript=m, note="请补充史料出处")
    services.edit_manuscript(
        actor=world.member, manuscript=m, data={"text": original + "\n出处：《元史》。", "note": "补出处"}
    )
    services.resubmit_manuscript(actor=world.member, manuscript=m)
    m.refresh_from_db()
    assert m.state == ManuscriptState.SUBMITTED
    versions = list(m.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].text == original and versions[1].text.endswith("出处：《元史》。")


def test_an_illegal_step_is_refused_and_changes_nothing(world):
    m = world.manuscript
    with pytest.raises(IllegalTransition):
        services.adopt_manuscript(actor=world.staff, manuscript=m)  # 复审 before 初审
    services.reject_manuscript(actor=world.staff, manuscript=m, note="与已刊内容重复")
    with pytest.raises(IllegalTransition):
        services.pass_manuscript(actor=world.staff, manuscript=m)
    with pytest.raises(IllegalTransition):
        services.edit_manuscript(actor=world.member, manuscript=m, data={"text": "改"})
    m.refresh_from_db()
    assert m.state == ManuscriptState.REJECTED
    assert Transition.objects.filter(object_id=m.pk, action="pass").count() == 0


def test_the_author_cannot_review_and_cannot_edit_while_it_is_under_review(world):
    with pytest.raises(Forbidden):
        services.pass_manuscript(actor=world.member, manuscript=world.manuscript)
    with pytest.raises(Forbidden):
        services.edit_manuscript(actor=world.member2, manuscript=world.manuscript, data={"text": "x"})


def test_staff_of_another_committee_cannot_review(world):
    with pytest.raises((Forbidden, NotFound)):
        services.pass_manuscript(actor=world.other_staff, manuscript=world.manuscript)
    assert Manuscript.objects.get(pk=world.manuscript.pk).state == ManuscriptState.SUBMITTED


def test_bad_input_is_refused_with_every_problem_and_nothing_written(world):
    before = Manuscript.objects.count()
    with pytest.raises(Invalid) as refused:
        services.submit_manuscript(actor=world.member, committee=world.p.wuwei, data={"title": "", "form": "oral"})
    assert set(refused.value.errors) >= {"title", "narrator", "text"}
    with pytest.raises(Invalid) as refused:
        services.submit_manuscript(
            actor=world.staff, committee=world.p.wuwei, data={"title": "t", "text": "x", "author_kind": "member"}
        )
    assert refused.value.errors["member"] == ["委员来稿请选择委员。"]
    assert Manuscript.objects.count() == before


def test_a_member_cannot_send_in_for_another_committee(world):
    with pytest.raises(Forbidden):
        make_manuscript(actor=world.member, committee=world.p.pingliang)


def test_the_office_registers_an_outside_authors_oral_history_with_its_recording(world):
    audio = SimpleUploadedFile("koushu.png", PNG, content_type="image/png")
    m = services.submit_manuscript(
        actor=world.staff,
        committee=world.p.wuwei,
        data={
            "title": "八步沙治沙口述",
            "form": "oral",
            "narrator": "郭万刚",
            "author_kind": "outside",
            "author_name": "王建国",
            "transcript": "我们六老汉……",
        },
        uploads=[audio],
    )
    assert m.member is None and m.author_name == "王建国"
    assert m.attachments.count() == 1
    bad = SimpleUploadedFile("fake.mp3", b"not audio at all", content_type="audio/mpeg")
    with pytest.raises(Invalid):
        services.add_manuscript_file(actor=world.staff, manuscript=m, upload=bad)
    assert m.attachments.count() == 1


def test_a_member_sees_only_their_own_and_pingliang_never_sees_wuwei(world):
    other = make_manuscript(actor=world.member2, title="天梯山石窟考察记")
    assert set(Manuscript.objects.visible_to(world.member)) == {world.manuscript}
    assert other in Manuscript.objects.visible_to(world.staff)
    assert not Manuscript.objects.visible_to(world.other_staff).exists()
    assert not Manuscript.objects.visible_to(world.pingliang_member).exists()
    assert not Manuscript.objects.visible_to(world.p.unit_user).exists()
    for admin in world.p.admins:
        assert not Manuscript.objects.visible_to(admin).exists()
