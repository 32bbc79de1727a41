"""The organisation over the API: committees, terms, sessions, members, memberships and the
per-committee lists. Reads go through `visible_to(user)`; writes call lvzhi.org.services, the
same functions the pages call. Who reads what:

- committees, terms, sessions and the lists (sectors, special committees, parties, branches,
  studios, units): anyone within their committee scope; the system administrator reads (and
  keeps) the committee tree, nothing else;
- members and memberships: staff holding the members permission and leaders, within scope;
  a member reads their own record.
"""

from typing import Annotated

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import create_model

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Day, Id, In, PageQuery, get_in, get_visible, page_of, paginate
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org import services
from lvzhi.org.api_schemas import (
    CommitteeFilter,
    CommitteeIn,
    CommitteeKey,
    CommitteeOut,
    CommitteePatch,
    ListFilter,
    MemberFilterIn,
    MemberIn,
    MemberOut,
    MemberPatch,
    MemberRow,
    MembershipEndIn,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    RevealOut,
    SessionIn,
    SessionOut,
    SessionPatch,
    TermIn,
    TermOut,
    TermPatch,
    committee_out,
    member_fields,
    member_out,
    membership_out,
    memberships_with_related,
    session_out,
    term_out,
)
from lvzhi.org.choices import BranchKind, PartyKind, StudioLevel, UnitKind
from lvzhi.org.filters import MemberFilter, filter_memberships
from lvzhi.org.models import (
    Committee,
    Member,
    Membership,
    Party,
    PartyBranch,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
    Unit,
)

router = Router(tags=["org"])

# --- Who may read ------------------------------------------------------------------------------


def can_read_members(user) -> bool:
    return user.can_read_module(Permission.MEMBERS)


def require_read_members(user) -> None:
    if not can_read_members(user):
        raise Forbidden()


def tree_committees(user):
    """The committees a user may read: their scope, or the whole tree for the system administrator."""
    if user.has_role(Role.SYSADMIN):
        return Committee.objects.all()
    return Committee.objects.visible_to(user)


def scope_committee(user, value) -> Committee:
    """The committee a write names (by id or code), if it is in the user's scope; else 422."""
    committee = committee_named(str(value).strip(), committee_ids(user)) if value not in (None, "") else None
    if committee is None:
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    return committee


def filter_committee(queryset, user, value: str, *, field="committee"):
    """`?committee=` (id or code) on a list: that committee only; unknown or out of scope → empty."""
    if not value:
        return queryset
    committee = committee_named(value.strip(), committee_ids(user))
    return queryset.filter(**{field: committee}) if committee else queryset.none()


def related(model, committee, pk, field):
    """A row of `model` of the same committee, or 422 on `field`."""
    if pk is None:
        return None
    obj = model.objects.filter(committee=committee, pk=pk).first()
    if obj is None:
        raise Invalid(errors={field: [_("请选择本委员会的记录。")]})
    return obj


# --- Committees --------------------------------------------------------------------------------


def _committee_data(user, payload) -> dict:
    data = payload.model_dump(exclude_unset=True)
    if "parent" in data:
        value = data["parent"]
        parent = (
            committee_named(str(value).strip(), tree_committees(user).values("id")) if value not in (None, "") else None
        )
        if value not in (None, "") and parent is None:
            raise Invalid(errors={"parent": [_("上级委员会不存在。")]})
        data["parent"] = parent
    return data


@router.get("/committees/", response={200: page_of(CommitteeOut), **READ_ERRORS})
def list_committees(request: HttpRequest, filters: Query[CommitteeFilter], paging: PageQuery):
    """The committee tree within the caller's scope (the whole tree for the system administrator)."""
    qs = tree_committees(request.auth).order_by("path")
    if filters.committee:
        root = committee_named(filters.committee, tree_committees(request.auth).values("id"))
        qs = qs.filter(path__startswith=root.path) if root else qs.none()
    if filters.level:
        qs = qs.filter(level=filters.level)
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [committee_out(c) for c in page["items"]], "count": page["count"]}


@router.get("/committees/{committee_id}", response={200: CommitteeOut, **READ_ERRORS})
def get_committee(request: HttpRequest, committee_id: Id):
    return committee_out(get_in(tree_committees(request.auth), committee_id))


@router.post("/committees/", response={201: CommitteeOut, **WRITE_ERRORS})
def create_committee(request: HttpRequest, payload: CommitteeIn):
    """System administrators keep the committee tree."""
    if not request.auth.has_role(Role.SYSADMIN):
        raise Forbidden()
    committee = services.save_committee(actor=request.auth, data=_committee_data(request.auth, payload))
    return Status(201, committee_out(committee))


@router.patch("/committees/{committee_id}", response={200: CommitteeOut, **WRITE_ERRORS})
def update_committee(request: HttpRequest, committee_id: Id, payload: CommitteePatch):
    committee = get_in(tree_committees(request.auth), committee_id)
    if not request.auth.has_role(Role.SYSADMIN):
        raise Forbidden()
    data = _committee_data(request.auth, payload)
    return committee_out(services.save_committee(actor=request.auth, data=data, instance=committee))


# --- Terms and sessions ------------------------------------------------------------------------


class SessionFilter(ListFilter):
    term: int | None = Field(None, ge=1, le=99, description="届次（第几届）")


@router.get("/terms/", response={200: page_of(TermOut), **READ_ERRORS})
def list_terms(request: HttpRequest, filters: Query[ListFilter], paging: PageQuery):
    qs = filter_committee(Term.objects.visible_to(request.auth), request.auth, filters.committee)
    page = paginate(qs.order_by("committee__path", "-number"), paging.page, paging.page_size)
    return {"items": [term_out(t) for t in page["items"]], "count": page["count"]}


@router.get("/terms/{term_id}", response={200: TermOut, **READ_ERRORS})
def get_term(request: HttpRequest, term_id: Id):
    return term_out(get_visible(Term.objects, request.auth, term_id))


@router.post("/terms/", response={201: TermOut, **WRITE_ERRORS})
def create_term(request: HttpRequest, payload: TermIn):
    committee = scope_committee(request.auth, payload.committee)
    data = payload.model_dump(exclude={"committee"})
    return Status(201, term_out(services.save_term(actor=request.auth, committee=committee, data=data)))


@router.patch("/terms/{term_id}", response={200: TermOut, **WRITE_ERRORS})
def update_term(request: HttpRequest, term_id: Id, payload: TermPatch):
    term = get_visible(Term.objects, request.auth, term_id)
    data = payload.model_dump(exclude_unset=True)
    empty = [k for k in ("number", "start_date") if k in data and data[k] is None]
    if empty:
        raise Invalid(errors={k: [_("不能为空。")] for k in empty})
    return term_out(services.save_term(actor=request.auth, committee=None, data=data, instance=term))


@router.get("/sessions/", response={200: page_of(SessionOut), **READ_ERRORS})
def list_sessions(request: HttpRequest, filters: Query[SessionFilter], paging: PageQuery):
    qs = filter_committee(Session.objects.visible_to(request.auth), request.auth, filters.committee)
    if filters.term:
        qs = qs.filter(term__number=filters.term)
    qs = qs.select_related("term").order_by("committee__path", "-term__number", "number")
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [session_out(s) for s in page["items"]], "count": page["count"]}


@router.get("/sessions/{session_id}", response={200: SessionOut, **READ_ERRORS})
def get_session(request: HttpRequest, session_id: Id):
    return session_out(get_visible(Session.objects.select_related("term"), request.auth, session_id))


@router.post("/sessions/", response={201: SessionOut, **WRITE_ERRORS})
def create_session(request: HttpRequest, payload: SessionIn):
    term = Term.objects.visible_to(request.auth).filter(pk=payload.term).first()
    if term is None:
        raise Invalid(errors={"term": [_("请选择您范围内的届次。")]})
    data = payload.model_dump(exclude={"term"})
    return Status(201, session_out(services.save_session(actor=request.auth, term=term, data=data)))


@router.patch("/sessions/{session_id}", response={200: SessionOut, **WRITE_ERRORS})
def update_session(request: HttpRequest, session_id: Id, payload: SessionPatch):
    session = get_visible(Session.objects.select_related("term"), request.auth, session_id)
    data = payload.model_dump(exclude_unset=True)
    empty = [k for k, v in data.items() if v is None]
    if empty:
        raise Invalid(errors={k: [_("不能为空。")] for k in empty})
    return session_out(services.save_session(actor=request.auth, term=None, data=data, instance=session))


# --- Members -----------------------------------------------------------------------------------


def _seats(user, filters):
    require_read_members(user)
    flt = MemberFilter(**{k: str(v).strip() for k, v in filters.dict().items()})
    return filter_memberships(user, flt).prefetch_related("special_committees")


def _visible_member(user, member_id: int) -> Member:
    """A person the caller may read: anyone in scope for readers of the module, oneself for a member."""
    person = get_visible(Member.objects, user, member_id)
    if not (can_read_members(user) or user.member_id == person.pk):
        raise NotFound()
    return person


def _seat_data(seat: dict) -> dict:
    return {k: v for k, v in seat.items() if v is not None or k in ("sector", "party")}


@router.get("/members/", response={200: page_of(MemberRow), **READ_ERRORS})
def list_members(request: HttpRequest, filters: Query[MemberFilterIn], paging: PageQuery):
    """The member list, filtered exactly as the member list page and its export (one item per seat
    that matches; a person seated in two committees of the scope appears once for each)."""
    page = paginate(_seats(request.auth, filters), paging.page, paging.page_size)
    clear = services.can_view_pii(request.auth)
    items = [
        {
            **member_fields(m.member, clear_pii=clear),
            "id": m.member_id,
            "committee": m.committee_id,
            "membership": membership_out(m),
        }
        for m in page["items"]
    ]
    return {"items": items, "count": page["count"]}


@router.get("/members/{member_id}", response={200: MemberOut, **READ_ERRORS})
def get_member(request: HttpRequest, member_id: Id):
    """A person with their memberships in the caller's scope. ID number and mobile are masked."""
    return member_out(_visible_member(request.auth, member_id), request.auth)


@router.post("/members/", response={201: MemberOut, **WRITE_ERRORS})
def create_member(request: HttpRequest, payload: MemberIn):
    """Register a person, seated in the committee (current term) unless `membership` is null."""
    committee = scope_committee(request.auth, payload.committee)
    data = {k: v for k, v in payload.model_dump(exclude={"committee", "membership"}).items() if v is not None}
    seat = payload.membership.model_dump() if payload.membership is not None else None
    if "membership" not in payload.model_fields_set:
        seat = {}
    person = services.create_member(
        actor=request.auth, committee=committee, data=data, membership=_seat_data(seat) if seat is not None else None
    )
    return Status(201, member_out(person, request.auth))


@router.patch("/members/{member_id}", response={200: MemberOut, **WRITE_ERRORS})
def update_member(request: HttpRequest, member_id: Id, payload: MemberPatch):
    person = _visible_member(request.auth, member_id)
    data = {
        k: ("" if v is None and k != "birth_date" else v) for k, v in payload.model_dump(exclude_unset=True).items()
    }
    person = services.update_member(actor=request.auth, member=person, data=data)
    return member_out(person, request.auth)


@router.post("/members/{member_id}/reveal", response={200: RevealOut, **WRITE_ERRORS})
def reveal_member(request: HttpRequest, member_id: Id):
    """The clear ID number and mobile, for staff holding “查看个人信息”; every call is audited."""
    return services.reveal_pii_of(actor=request.auth, member_id=member_id)[1]


# --- Memberships -------------------------------------------------------------------------------


def _visible_membership(user, membership_id: int) -> Membership:
    if not can_read_members(user):
        raise NotFound()
    return get_visible(memberships_with_related(Membership.objects), user, membership_id)


@router.get("/memberships/", response={200: page_of(MembershipOut), **READ_ERRORS})
def list_memberships(request: HttpRequest, filters: Query[MemberFilterIn], paging: PageQuery):
    """Memberships, with the member list's filters."""
    page = paginate(_seats(request.auth, filters), paging.page, paging.page_size)
    return {"items": [membership_out(m) for m in page["items"]], "count": page["count"]}


@router.get("/memberships/{membership_id}", response={200: MembershipOut, **READ_ERRORS})
def get_membership(request: HttpRequest, membership_id: Id):
    return membership_out(_visible_membership(request.auth, membership_id))


@router.post("/memberships/", response={201: MembershipOut, **WRITE_ERRORS})
def create_membership(request: HttpRequest, payload: MembershipIn):
    """Seat a person (already visible to the caller) in a committee of the caller's scope."""
    committee = scope_committee(request.auth, payload.committee)
    person = Member.objects.visible_to(request.auth).filter(pk=payload.member).first()
    if person is None:
        raise Invalid(errors={"member": [_("请选择您范围内的委员。")]})
    data = _seat_data(payload.model_dump(exclude={"member", "committee"}))
    membership = services.add_membership(actor=request.auth, committee=committee, member=person, data=data)
    return Status(201, membership_out(_visible_membership(request.auth, membership.pk)))


@router.patch("/memberships/{membership_id}", response={200: MembershipOut, **WRITE_ERRORS})
def update_membership(request: HttpRequest, membership_id: Id, payload: MembershipPatch):
    membership = _visible_membership(request.auth, membership_id)
    data = {
        "role": membership.role,
        "sector": membership.sector_id,
        "party": membership.party_id,
        "special_committees": [s.pk for s in membership.special_committees.all()],
        "started_on": membership.started_on,
        **payload.model_dump(exclude_unset=True),
    }
    for key in ("role", "started_on", "special_committees"):
        if data[key] is None:
            raise Invalid(errors={key: [_("不能为空。")]})
    services.update_membership(actor=request.auth, membership=membership, data=data)
    return membership_out(_visible_membership(request.auth, membership.pk))


@router.post("/memberships/{membership_id}/end", response={200: MembershipOut, **WRITE_ERRORS})
def end_membership(request: HttpRequest, membership_id: Id, payload: MembershipEndIn):
    """End a seat (辞任 or 撤销) from a date; an ended seat answers 409."""
    membership = _visible_membership(request.auth, membership_id)
    services.end_membership(
        actor=request.auth,
        membership=membership,
        status=payload.status,
        ended_on=payload.ended_on,
        reason=payload.reason,
    )
    return membership_out(_visible_membership(request.auth, membership.pk))


# --- Per-committee lists: sectors, special committees, parties, branches, units, studios ------

Name = (str, Field(..., min_length=1, max_length=100))
Sort = (int, Field(0, ge=0, le=1_000_000))
Active = (bool, True)
LISTS = [
    # (path, model, writable fields, foreign keys {field: model})
    ("sectors", Sector, {"name": Name, "sort": Sort, "is_active": Active}, {}),
    ("special-committees", SpecialCommittee, {"name": Name, "sort": Sort, "is_active": Active}, {}),
    (
        "parties",
        Party,
        {
            "name": Name,
            "short_name": (str, Field("", max_length=20)),
            "kind": (PartyKind, PartyKind.DEMOCRATIC),
            "sort": Sort,
            "is_active": Active,
        },
        {},
    ),
    (
        "branches",
        PartyBranch,
        {
            "name": Name,
            "kind": (BranchKind, BranchKind.BRANCH),
            "parent": (Id | None, Field(None, description="党小组所属党支部的 id")),
            "secretary": (str, Field("", max_length=50)),
            "established_on": (Day | None, None),
            "dissolved_on": (Day | None, Field(None, description="撤销或合并的日期")),
            "merged_into": (Id | None, Field(None, description="撤销时并入的党支部（党小组）的 id")),
            "sort": Sort,
            "is_active": Active,
        },
        {"parent": PartyBranch, "merged_into": PartyBranch},
    ),
    (
        "units",
        Unit,
        {
            "name": Name,
            "kind": (UnitKind, UnitKind.GOVERNMENT),
            "contact_name": (str, Field("", max_length=50)),
            "contact_phone": (str, Field("", max_length=30)),
            "sort": Sort,
            "is_active": Active,
        },
        {},
    ),
    (
        "studios",
        Studio,
        {
            "name": Name,
            "level": (StudioLevel, StudioLevel.CITY),
            "address": (str, Field("", max_length=200)),
            "sector": (Id | None, None),
            "lead": (Id | None, Field(None, description="牵头委员（人）的 id")),
            "established_on": (Day | None, None),
            "is_active": Active,
        },
        {"sector": Sector, "lead": Member},
    ),
]


def _resolve(user, committee, model, foreign: dict, data: dict) -> dict:
    for name, target in foreign.items():
        if data.get(name) is None:
            continue
        if target is Member:
            obj = Member.objects.visible_to(user).filter(pk=data[name], committee=committee).first()
            if obj is None:
                raise Invalid(errors={name: [_("请选择本委员会的委员。")]})
            data[name] = obj
        else:
            data[name] = related(target, committee, data[name], name)
    return data


def _studio_members(user, ids):
    if ids is None:
        return None
    members = list(Member.objects.visible_to(user).filter(pk__in=set(ids)))
    if len(members) != len(set(ids)):
        raise Invalid(errors={"members": [_("请选择本委员会的委员。")]})
    return members


NULLABLE_DATES = {"established_on", "dissolved_on"}  # left empty: not known, or not (yet) dissolved


def _optional(annotation, default):
    """`annotation | None`, keeping the constraints (lengths, bounds) of its Field."""
    metadata = getattr(default, "metadata", None)
    return (Annotated[(annotation, *metadata)] if metadata else annotation) | None


def _register_list(path: str, model, spec: dict, foreign: dict) -> None:
    label = model.__name__
    is_studio = model is Studio
    out_fields = {"id": (int, ...), "committee": (int, ...)}
    for name, (annotation, _default) in spec.items():
        out_fields[name] = (int | None, ...) if name in foreign else (annotation, ...)
    if is_studio:
        out_fields["members"] = (list[int], Field(..., description="入驻委员的 id"))
    extra = {"members": (list[Id] | None, Field(None, max_length=500))} if is_studio else {}
    out_schema = create_model(f"{label}Out", __base__=Schema, **out_fields)
    in_schema = create_model(f"{label}In", __base__=In, committee=(CommitteeKey, ...), **spec, **extra)
    patch_spec = {name: (_optional(annotation, default), None) for name, (annotation, default) in spec.items()}
    patch_schema = create_model(f"{label}Patch", __base__=In, **patch_spec, **extra)
    queryset = model.objects.all()
    if is_studio:
        queryset = queryset.prefetch_related(Prefetch("members", queryset=Member.objects.only("id")))

    def out(obj):
        data = {"id": obj.pk, "committee": obj.committee_id}
        for name in spec:
            data[name] = getattr(obj, f"{name}_id") if name in foreign else getattr(obj, name)
        if is_studio:
            data["members"] = sorted(m.pk for m in obj.members.all())
        return data

    def list_items(request: HttpRequest, filters: Query[ListFilter], paging: PageQuery):
        qs = filter_committee(queryset.visible_to(request.auth), request.auth, filters.committee)
        if filters.q:
            qs = qs.filter(name__icontains=filters.q)
        page = paginate(qs.order_by("committee__path", *model._meta.ordering[1:], "pk"), paging.page, paging.page_size)
        return {"items": [out(o) for o in page["items"]], "count": page["count"]}

    def get_item(request: HttpRequest, item_id: Id):
        return out(get_visible(queryset, request.auth, item_id))

    def save(request, committee, payload, instance=None):
        data = payload.model_dump(exclude={"committee", "members"}, exclude_unset=instance is not None)
        for key, value in list(data.items()):
            if value is None and key not in foreign and key not in NULLABLE_DATES:
                raise Invalid(errors={key: [_("不能为空。")]})
        services.require_manage(request.auth, committee)  # refuse before looking at any foreign key
        data = _resolve(request.auth, committee, model, foreign, data)
        members = _studio_members(request.auth, payload.members) if is_studio else None
        obj = services.save_list_item(
            actor=request.auth, committee=committee, model=model, data=data, instance=instance, members=members
        )
        return out(get_visible(queryset, request.auth, obj.pk))

    def create_item(request: HttpRequest, payload: in_schema):
        return Status(201, save(request, scope_committee(request.auth, payload.committee), payload))

    def update_item(request: HttpRequest, item_id: Id, payload: patch_schema):
        instance = get_visible(model.objects, request.auth, item_id)
        return save(request, instance.committee, payload, instance)

    verbose = str(model._meta.verbose_name)
    snake = path.replace("-", "_")
    for func, doc in (
        (list_items, f"List {verbose} within the caller's scope."),
        (get_item, f"One {verbose}."),
        (create_item, f"Create a {verbose} (staff with the members permission)."),
        (update_item, f"Update a {verbose} (staff with the members permission)."),
    ):
        func.__doc__ = doc
    router.get(f"/{path}/", response={200: page_of(out_schema), **READ_ERRORS}, operation_id=f"list_{snake}")(
        list_items
    )
    router.get(f"/{path}/{{item_id}}", response={200: out_schema, **READ_ERRORS}, operation_id=f"get_{snake}")(get_item)
    router.post(f"/{path}/", response={201: out_schema, **WRITE_ERRORS}, operation_id=f"create_{snake}")(create_item)
    router.patch(f"/{path}/{{item_id}}", response={200: out_schema, **WRITE_ERRORS}, operation_id=f"update_{snake}")(
        update_item
    )


for _path, _model, _spec, _foreign in LISTS:
    _register_list(_path, _model, _spec, _foreign)
