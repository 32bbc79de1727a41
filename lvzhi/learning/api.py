"""The learning corner over the API: study materials (list, detail, create, PATCH, actions incl.
`studied` and `reflect`, reflections, completion), reflections (list, detail, edit, submit), topics,
and reading groups (list, detail, create, join, leave, posts, schedule, close, reopen)."""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _
from ninja import Query, Router

from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, get_visible, page_of, paginate
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.learning import selectors, services
from lvzhi.learning.actions import GROUP_ACTIONS, MATERIAL_ACTIONS, REFLECTION_ACTIONS
from lvzhi.learning.choices import MaterialState
from lvzhi.learning.models import (
    GroupMember,
    ReadingGroup,
    Reflection,
    StudyMaterial,
    StudyRecord,
    Topic,
    reads_all,
)
from lvzhi.learning.schemas import (
    ReadingGroupDetail,
    ReadingGroupIn,
    ReadingGroupOut,
    ReadingPostOut,
    ReflectionDetail,
    ReflectionFilter,
    ReflectionOut,
    StudyCompletionOut,
    StudyMaterialDetail,
    StudyMaterialFilter,
    StudyMaterialIn,
    StudyMaterialOut,
    StudyMaterialPatch,
    StudyTopicIn,
    StudyTopicOut,
)
from lvzhi.learning.views.common import can_use
from lvzhi.learning.views.common import is_member as member_user

router = Router(tags=["learning"])


def _require_user(user):
    if not can_use(user):
        raise Forbidden()


def _committee(user, value):
    """A committee the caller's office manages, by id or code (default: their own)."""
    found = committee_named(user.committee_id if value in (None, "") else value, committee_ids(user))
    if found is None or not services.can_manage(user, found):
        raise Invalid(errors={"committee": [_("请选择您负责的委员会。")]})
    return found


# --- materials -----------------------------------------------------------------------------------------


def _material_row(material, user, reflections=None) -> dict:
    if reflections is None:
        reflections = selectors.reflection_states(user, [material])
    studied = getattr(material, "studied", None)
    if studied is None:
        studied = (
            bool(user.member_id) and StudyRecord.objects.filter(material=material, member_id=user.member_id).exists()
        )
    return {
        "id": material.pk,
        "committee": material.committee_id,
        "committee_name": material.committee.short_name,
        "title": material.title,
        "kind": material.kind,
        "state": material.state,
        "required": material.required,
        "deadline": material.deadline,
        "published_at": material.published_at,
        "topics": [t.name for t in material.topics.all()],
        "audience": material.audience_label(),
        "studied": bool(studied),
        "reflection_state": reflections.get(material.pk),
    }


def material_detail(material, user) -> dict:
    material = StudyMaterial.objects.select_related("committee", "attachment").get(pk=material.pk)
    record = StudyRecord.objects.filter(material=material, member_id=user.member_id).first() if user.member_id else None
    attachment = material.attachment
    return {
        **_material_row(material, user),
        "body": material.body,
        "author": material.author,
        "media_url": material.media_url,
        "attachment": {"id": attachment.pk, "name": attachment.name, "size": attachment.size} if attachment else None,
        "include_lower": material.include_lower,
        "withdraw_reason": material.withdraw_reason,
        "studied_seconds": record.seconds if record else None,
        "timeline": timeline_steps(material) if reads_all(user) else [],
        "actions": [a.name for a in MATERIAL_ACTIONS.for_user(material, user)],
    }


def load_material(user, pk):
    return get_visible(StudyMaterial.objects.select_related("committee"), user, pk)


@router.get("/study-materials/", response={200: page_of(StudyMaterialOut), **READ_ERRORS})
def list_materials(request, filters: Query[StudyMaterialFilter], paging: PageQuery):
    user = request.auth
    _require_user(user)
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    qs = selectors.materials_for(user, params, allowed_committees=committee_ids(user)).order_by("-published_at", "-id")
    page = paginate(qs, paging.page, paging.page_size)
    reflections = selectors.reflection_states(user, page["items"])
    return {"items": [_material_row(m, user, reflections) for m in page["items"]], "count": page["count"]}


@router.post("/study-materials/", response={201: StudyMaterialDetail, **WRITE_ERRORS})
def create_material(request, payload: StudyMaterialIn):
    user = request.auth
    data = payload.model_dump()
    committee = _committee(user, data.pop("committee"))
    publish = data.pop("publish")
    material = services.create_material(actor=user, committee=committee, data=data)
    if publish:
        services.publish_material(actor=user, material=material)
    return 201, material_detail(material, user)


@router.get("/study-materials/{pk}", response={200: StudyMaterialDetail, **READ_ERRORS})
def get_material(request, pk: Id):
    _require_user(request.auth)
    return material_detail(load_material(request.auth, pk), request.auth)


@router.patch("/study-materials/{pk}", response={200: StudyMaterialDetail, **WRITE_ERRORS})
def patch_material(request, pk: Id, payload: StudyMaterialPatch):
    user = request.auth
    material = load_material(user, pk)
    data = payload.model_dump(exclude_unset=True)
    material = services.update_material(actor=user, material=material, data=data)
    return material_detail(material, user)


mount_api(
    router, MATERIAL_ACTIONS, load=load_material, out=StudyMaterialDetail, render=material_detail, errors=WRITE_ERRORS
)


@router.get("/study-materials/{pk}/reflections", response={200: page_of(ReflectionOut), **READ_ERRORS})
def material_reflections(request, pk: Id, paging: PageQuery):
    user = request.auth
    material = load_material(user, pk)
    qs = selectors.reflections_for(user, {"material": material.pk}).order_by("-submitted_at", "-id")
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [reflection_row(r) for r in page["items"]], "count": page["count"]}


@router.get("/study-materials/{pk}/completion", response={200: StudyCompletionOut, **READ_ERRORS})
def material_completion(request, pk: Id):
    user = request.auth
    if not reads_all(user):
        raise Forbidden()
    material = load_material(user, pk)
    return selectors.completion([material] if material.state == MaterialState.PUBLISHED else [])


# --- reflections ---------------------------------------------------------------------------------------


def reflection_row(reflection) -> dict:
    return {
        "id": reflection.pk,
        "committee": reflection.committee_id,
        "material": reflection.material_id,
        "material_title": reflection.material.title,
        "member": reflection.member.name,
        "state": reflection.state,
        "text": reflection.text,
        "submitted_at": reflection.submitted_at,
        "updated_at": reflection.updated_at,
    }


def reflection_detail(reflection, user) -> dict:
    reflection = Reflection.objects.select_related("material", "member").get(pk=reflection.pk)
    return {**reflection_row(reflection), "timeline": timeline_steps(reflection)}


def load_reflection(user, pk):
    return get_visible(Reflection.objects.select_related("material", "member"), user, pk)


@router.get("/study-reflections/", response={200: page_of(ReflectionOut), **READ_ERRORS})
def list_reflections(request, filters: Query[ReflectionFilter], paging: PageQuery):
    user = request.auth
    if not (reads_all(user) or member_user(user)):
        raise Forbidden()
    qs = selectors.reflections_for(user, filters.dict()).order_by("-submitted_at", "-updated_at", "-id")
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [reflection_row(r) for r in page["items"]], "count": page["count"]}


@router.get("/study-reflections/{pk}", response={200: ReflectionDetail, **READ_ERRORS})
def get_reflection(request, pk: Id):
    return reflection_detail(load_reflection(request.auth, pk), request.auth)


mount_api(
    router,
    REFLECTION_ACTIONS,
    load=load_reflection,
    out=ReflectionDetail,
    render=reflection_detail,
    errors=WRITE_ERRORS,
)


# --- topics --------------------------------------------------------------------------------------------


def _topic_row(topic) -> dict:
    return {"id": topic.pk, "committee": topic.committee_id, "name": topic.name, "archived": topic.archived}


@router.get("/study-topics/", response={200: page_of(StudyTopicOut), **READ_ERRORS})
def list_topics(request, paging: PageQuery):
    user = request.auth
    _require_user(user)
    qs = Topic.objects.filter(committee_id__in=committee_ids(user)).order_by("committee_id", "position", "id")
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_topic_row(t) for t in page["items"]], "count": page["count"]}


@router.post("/study-topics/", response={201: StudyTopicOut, **WRITE_ERRORS})
def create_topic(request, payload: StudyTopicIn):
    user = request.auth
    committee = _committee(user, payload.committee)
    return 201, _topic_row(services.add_topic(actor=user, committee=committee, name=payload.name))


@router.post("/study-topics/{pk}/archive", response={200: StudyTopicOut, **WRITE_ERRORS})
def archive_topic(request, pk: Id):
    user = request.auth
    topic = get_visible(Topic.objects.select_related("committee"), user, pk)
    return _topic_row(services.archive_topic(actor=user, topic=topic))


# --- reading groups ------------------------------------------------------------------------------------


def _group_row(group, user) -> dict:
    joined = getattr(group, "joined", None)
    if joined is None:
        joined = bool(user.member_id) and GroupMember.objects.filter(group=group, member_id=user.member_id).exists()
    count = getattr(group, "member_count", None)
    if count is None:
        count = group.seats.count()
    return {
        "id": group.pk,
        "committee": group.committee_id,
        "name": group.name,
        "book": group.book_id,
        "book_title": group.book.title,
        "state": group.state,
        "member_count": count,
        "joined": bool(joined),
    }


def group_detail(group, user) -> dict:
    group = (
        ReadingGroup.objects.select_related("book")
        .annotate(member_count=Count("seats", distinct=True))
        .annotate(joined=Exists(GroupMember.objects.filter(group=OuterRef("pk"), member_id=user.member_id or 0)))
        .get(pk=group.pk)
    )
    return {
        **_group_row(group, user),
        "description": group.description,
        "sessions": [
            {"id": s.pk, "date": s.date, "chapters": s.chapters, "note": s.note} for s in group.sessions.all()
        ],
        "members": [s.member.name for s in group.seats.select_related("member")],
        "timeline": timeline_steps(group) if reads_all(user) else [],
        "actions": [a.name for a in GROUP_ACTIONS.for_user(group, user)],
    }


def load_group(user, pk):
    return get_visible(ReadingGroup.objects.select_related("book", "committee"), user, pk)


def _require_group_reader(user):
    if not (reads_all(user) or member_user(user)):
        raise Forbidden()


@router.get("/reading-groups/", response={200: page_of(ReadingGroupOut), **READ_ERRORS})
def list_groups(request, paging: PageQuery):
    user = request.auth
    _require_group_reader(user)
    page = paginate(selectors.groups_for(user).order_by("state", "-created_at", "-id"), paging.page, paging.page_size)
    return {"items": [_group_row(g, user) for g in page["items"]], "count": page["count"]}


@router.post("/reading-groups/", response={201: ReadingGroupDetail, **WRITE_ERRORS})
def create_group(request, payload: ReadingGroupIn):
    user = request.auth
    committee = _committee(user, payload.committee)
    data = payload.model_dump()
    group = services.create_group(
        actor=user,
        committee=committee,
        name=data["name"],
        book=data["book"],
        description=data["description"],
        sessions=data["sessions"],
    )
    return 201, group_detail(group, user)


@router.get("/reading-groups/{pk}", response={200: ReadingGroupDetail, **READ_ERRORS})
def get_group(request, pk: Id):
    _require_group_reader(request.auth)
    return group_detail(load_group(request.auth, pk), request.auth)


@router.get("/reading-groups/{pk}/posts", response={200: page_of(ReadingPostOut), **READ_ERRORS})
def group_posts(request, pk: Id, paging: PageQuery):
    _require_group_reader(request.auth)
    group = load_group(request.auth, pk)
    page = paginate(group.posts.select_related("author").order_by("-created_at", "-id"), paging.page, paging.page_size)
    return {
        "items": [
            {"id": p.pk, "author": str(p.author) if p.author else "", "text": p.text, "created_at": p.created_at}
            for p in page["items"]
        ],
        "count": page["count"],
    }


mount_api(router, GROUP_ACTIONS, load=load_group, out=ReadingGroupDetail, render=group_detail, errors=WRITE_ERRORS)
