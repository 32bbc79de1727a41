"""The directory's services: a member's own profile and photo, and change requests from submission
to the office's decision, applied through org's services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.directory import services
from lvzhi.directory.choices import ChangeState
from lvzhi.directory.factories import png_bytes, png_upload
from lvzhi.directory.models import Profile, ProfileChangeRequest
from lvzhi.org.models import Member, Membership

pytestmark = pytest.mark.django_db


def test_it_saves_a_members_bio_and_sharing_and_audits_it(world):
    member = world.p.member
    profile = services.update_profile(actor=member, data={"bio": "从事经济研究二十年。", "share_email": True})
    assert profile.bio == "从事经济研究二十年。" and profile.share_email and not profile.share_mobile
    assert profile.completed_at is not None and profile.committee_id == world.p.wuwei.pk
    entry = AuditEntry.objects.get(action="profile.create")
    assert entry.actor == member and entry.object_id == str(profile.pk) and entry.result == "ok"
    services.update_profile(actor=member, data={"bio": ""})
    profile.refresh_from_db()
    assert profile.completed_at is None and profile.share_email  # an absent field is left as it is
    assert AuditEntry.objects.filter(action="profile.update").count() == 1


def test_it_refuses_a_bio_too_long_and_writes_nothing(world):
    with pytest.raises(Invalid) as exc:
        services.update_profile(actor=world.p.member, data={"bio": "字" * 2001, "share_mobile": "yes"})
    assert set(exc.value.errors) == {"bio", "share_mobile"}
    assert not Profile.objects.exists() and not AuditEntry.objects.filter(action__startswith="profile").exists()


@pytest.mark.parametrize("who", ["staff", "leader", "unit_user", "sysadmin", "secadmin", "auditor"])
def test_only_a_member_edits_a_profile(world, who):
    with pytest.raises(Forbidden):
        services.update_profile(actor=getattr(world.p, who), data={"bio": "x"})
    with pytest.raises(Forbidden):
        services.request_profile_change(actor=getattr(world.p, who), data={"title": "x"})
    assert not Profile.objects.exists() and not ProfileChangeRequest.objects.exists()


def test_it_accepts_a_png_photo_and_removes_it(world):
    profile = services.set_profile_photo(actor=world.p.member, upload=png_upload())
    assert profile.photo.content_type == "image/png"
    assert services.remove_profile_photo(actor=world.p.member).photo is None


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.pdf", b"%PDF-1.4 ...", content_type="application/pdf"),
        SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png"),
        SimpleUploadedFile("photo.png", png_bytes() + b"\0" * (2 * 1024 * 1024), content_type="image/png"),
        None,
    ],
    ids=["not-an-image", "content-is-not-png", "too-large", "missing"],
)
def test_it_refuses_a_photo_that_is_not_a_small_image(world, upload):
    with pytest.raises(Invalid) as exc:
        services.set_profile_photo(actor=world.p.member, upload=upload)
    assert list(exc.value.errors) == ["photo"]
    assert not Profile.objects.exists()


def test_an_approved_request_changes_the_official_data_through_org(world):
    member = world.p.member_person
    change = services.request_profile_change(
        actor=world.p.member,
        data={"sector": world.sector2.pk, "title": "市发改委主任", "workplace": "武威市发改委", "reason": "工作调动"},
    )
    assert change.state == ChangeState.PENDING and change.committee_id == world.p.wuwei.pk
    assert change.before == {"sector": world.p.sector.pk, "title": "", "workplace": "某单位"}
    services.approve_change_request(actor=world.p.staff, change=change, note="核实无误")
    change.refresh_from_db()
    member.refresh_from_db()
    seat = Membership.objects.get(member=member)
    assert change.state == ChangeState.APPROVED and change.decided_by == world.p.staff
    assert (member.title, member.workplace, seat.sector_id) == ("市发改委主任", "武威市发改委", world.sector2.pk)
    assert seat.party_id == world.p.party.pk and seat.role == "member"  # the rest of the seat is kept
    assert [t.action for t in Transition.objects.filter(object_id=change.pk).order_by("id")] == ["submit", "approve"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"profilechangerequest.create", "transition.approve", "member.update", "membership.update"} <= actions


def test_a_decided_request_cannot_be_decided_again(world):
    change = services.request_profile_change(actor=world.p.member, data={"title": "新职务"})
    services.reject_change_request(actor=world.p.staff, change=change, note="请附任职文件")
    with pytest.raises(IllegalTransition):
        services.approve_change_request(actor=world.p.staff, change=change)
    with pytest.raises(IllegalTransition):
        services.withdraw_change_request(actor=world.p.member, change=change)
    change.refresh_from_db()
    assert change.state == ChangeState.REJECTED
    assert Member.objects.get(pk=world.p.member_person.pk).title == ""


def test_rejecting_needs_a_note(world):
    change = services.request_profile_change(actor=world.p.member, data={"title": "新职务"})
    with pytest.raises(Invalid) as exc:
        services.reject_change_request(actor=world.p.staff, change=change, note=" ")
    assert list(exc.value.errors) == ["note"]
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


@pytest.mark.parametrize("who", ["member", "colleague", "leader", "other_staff", "county_staff"])
def test_only_the_office_of_the_committee_decides(world, who):
    change = services.request_profile_change(actor=world.p.member, data={"title": "新职务"})
    actor = getattr(world, who, None) or getattr(world.p, who)
    with pytest.raises(Forbidden):
        services.approve_change_request(actor=actor, change=change)
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def test_the_member_withdraws_and_may_ask_again(world):
    change = services.request_profile_change(actor=world.p.member, data={"title": "新职务"})
    with pytest.raises(Invalid):
        services.request_profile_change(actor=world.p.member, data={"title": "另一职务"})
    with pytest.raises(Forbidden):
        services.withdraw_change_request(actor=world.colleague, change=change)
    services.withdraw_change_request(actor=world.p.member, change=change)
    assert services.request_profile_change(actor=world.p.member, data={"title": "另一职务"}).state == "pending"


def test_a_request_must_change_something_in_the_members_own_committee(world):
    with pytest.raises(Invalid) as exc:
        services.request_profile_change(actor=world.p.member, data={"title": "", "workplace": "某单位"})
    assert "__all__" in exc.value.errors
    pingliang_sector = world.p.pingliang.pk
    with pytest.raises(Invalid) as exc:
        services.request_profile_change(actor=world.p.member, data={"sector": 10**12, "title": "x" * 101})
    assert set(exc.value.errors) == {"sector", "title"}
    assert pingliang_sector and not ProfileChangeRequest.objects.exists()
