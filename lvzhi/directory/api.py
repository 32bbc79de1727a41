"""The directory's API: `/directory/` (list and detail), `/me/profile` (GET/PATCH, photo upload and
removal) and `/profile-change-requests/` (a member creates; the office lists, approves, rejects; the
member withdraws), over the same selectors, services and action table as the pages."""

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, get_visible, page_of, paginate
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.core.workflow import timeline_steps
from lvzhi.directory import selectors, services
from lvzhi.directory.actions import CHANGE_ACTIONS
from lvzhi.directory.models import ProfileChangeRequest
from lvzhi.directory.schemas import (
    DirectoryChangeDetail,
    DirectoryChangeFilterIn,
    DirectoryChangeIn,
    DirectoryChangeOut,
    DirectoryEntryOut,
    DirectoryFilterIn,
    DirectoryMemberOut,
    DirectoryProfileIn,
    DirectoryProfileOut,
)
from lvzhi.directory.selectors import DirectoryFilter

router = Router(tags=["directory"])


def _ref(obj):
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def entry(card) -> dict:
    seat = card.seat
    return {
        "id": card.member.pk,
        "committee": seat.committee_id if seat else card.member.committee_id,
        "committee_name": seat.committee.short_name if seat else "",
        "name": card.member.name,
        "role": seat.role if seat else "",
        "role_label": str(seat.get_role_display()) if seat else "",
        "title": card.member.title,
        "sector": _ref(seat.sector) if seat else None,
        "party": _ref(seat.party) if seat else None,
        "special_committees": [_ref(s) for s in card.special_committees],
        "studios": [_ref(s) for s in card.studios],
        "photo_url": reverse("directory:photo", args=[card.member.pk]) if card.has_photo else None,
        "contacts": card.contacts,
        "highlights": card.highlights,
    }


def _browser(user):
    if not selectors.can_browse(user):
        raise Forbidden()


@router.get("/directory/", response={200: page_of(DirectoryEntryOut), **READ_ERRORS}, summary="委员风采名录")
def directory_list(request, filters: Query[DirectoryFilterIn], paging: PageQuery):
    """Members the caller may browse, by name or pinyin initials, sector, party, special committee,
    studio and committee; only the contact fields each member shares."""
    _browser(request.auth)
    ids = selectors.directory_committee_ids(request.auth)
    members = selectors.filter_members(request.auth, DirectoryFilter.from_params(filters.dict()))
    result = paginate(selectors.with_cards(members, ids), paging.page, paging.page_size)
    result["items"] = [entry(c) for c in selectors.cards(result["items"], ids)]
    return result


@router.get("/directory/{member_id}", response={200: DirectoryMemberOut, **READ_ERRORS}, summary="委员风采详情")
def directory_detail(request, member_id: Id):
    _browser(request.auth)
    card = selectors.card_for(request.auth, member_id)
    return {
        **entry(card),
        "bio": card.bio,
        "seats": [f"{s.committee.short_name} {s.term} {s.get_role_display()}" for s in card.seats],
    }


def _profile_out(user) -> dict:
    profile = selectors.own_profile(user)
    return {
        "member": user.member_id,
        "committee": profile.committee_id if profile else user.member.committee_id,
        "bio": profile.bio if profile else "",
        "share_mobile": bool(profile and profile.share_mobile),
        "share_email": bool(profile and profile.share_email),
        "share_workplace": bool(profile and profile.share_workplace),
        "photo_url": reverse("directory:own_photo") if profile and profile.photo_id else None,
        "completed_at": profile.completed_at if profile else None,
    }


def _member(user):
    if not permissions.is_member_user(user):
        raise Forbidden(_("只有委员本人可以查看自己的风采资料。"))


@router.get("/me/profile", response={200: DirectoryProfileOut, **READ_ERRORS}, summary="我的风采资料")
def my_profile(request):
    _member(request.auth)
    return _profile_out(request.auth)


@router.patch("/me/profile", response={200: DirectoryProfileOut, **WRITE_ERRORS}, summary="修改简介与公开设置")
def update_my_profile(request, payload: DirectoryProfileIn):
    services.update_profile(actor=request.auth, data=payload.model_dump(exclude_unset=True))
    return _profile_out(request.auth)


@router.post("/me/profile/photo", response={200: DirectoryProfileOut, **WRITE_ERRORS}, summary="上传照片")
def upload_my_photo(request, photo: File[UploadedFile]):
    """A JPEG or PNG image of at most 2 MB (multipart field `photo`)."""
    services.set_profile_photo(actor=request.auth, upload=photo)
    return _profile_out(request.auth)


@router.delete("/me/profile/photo", response={200: DirectoryProfileOut, **WRITE_ERRORS}, summary="删除照片")
def remove_my_photo(request):
    services.remove_profile_photo(actor=request.auth)
    return _profile_out(request.auth)


# --- Change requests -------------------------------------------------------------------------------


def change_out(change) -> dict:
    return {
        "id": change.pk,
        "committee": change.committee_id,
        "member": _ref(change.member),
        "state": change.state,
        "state_label": str(change.get_state_display()),
        "changes": change.changes,
        "reason": change.reason,
        "created_at": change.created_at,
        "decided_at": change.decided_at,
        "decision_note": change.decision_note,
    }


def change_detail(change, user) -> dict:
    return {
        **change_out(change),
        "rows": selectors.change_rows(change),
        "timeline": timeline_steps(change),
        "actions": [a.name for a in CHANGE_ACTIONS.for_user(change, user)],
    }


def load_change(user, pk):
    if not (permissions.can_read(user, Permission.MEMBERS) or permissions.is_member_user(user)):
        raise NotFound()
    return get_visible(ProfileChangeRequest.objects.select_related("member", "committee"), user, pk)


@router.get(
    "/profile-change-requests/",
    response={200: page_of(DirectoryChangeOut), **READ_ERRORS},
    summary="资料变更申请列表",
)
def change_list(request, filters: Query[DirectoryChangeFilterIn], paging: PageQuery):
    """The office and leaders: the requests of their committees; a member: their own."""
    rows = selectors.filter_requests(request.auth, state=filters.state, committee=filters.committee, q=filters.q)
    result = paginate(rows, paging.page, paging.page_size)
    result["items"] = [change_out(c) for c in result["items"]]
    return result


@router.post("/profile-change-requests/", response={201: DirectoryChangeDetail, **WRITE_ERRORS}, summary="申请变更资料")
def change_create(request, payload: DirectoryChangeIn):
    change = services.request_profile_change(actor=request.auth, data=payload.model_dump())
    return Status(201, change_detail(load_change(request.auth, change.pk), request.auth))


@router.get(
    "/profile-change-requests/{request_id}",
    response={200: DirectoryChangeDetail, **READ_ERRORS},
    summary="资料变更申请详情",
)
def change_get(request, request_id: Id):
    return change_detail(load_change(request.auth, request_id), request.auth)


mount_api(
    router,
    CHANGE_ACTIONS,
    load=load_change,
    out=DirectoryChangeDetail,
    render=lambda change, user: change_detail(load_change(user, change.pk), user),
    errors=WRITE_ERRORS,
    param="request_id",
)
