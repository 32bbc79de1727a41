"""Each committee's categories, information officers and organisation contacts over the API."""

from lvzhi.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PageQuery,
    get_in,
    page_of,
    paginate,
)
from lvzhi.core.errors import Forbidden
from lvzhi.opinions import services
from lvzhi.opinions.api.common import (
    account_of,
    committee_in_scope,
    managed_rows,
    party_of,
    reader_rows,
    require_office,
    router,
)
from lvzhi.opinions.models import (
    Category,
    InformationOfficer,
    PartyContact,
)
from lvzhi.opinions.schemas import (
    OpinionCategoryIn,
    OpinionCategoryOut,
    OpinionCategoryPatch,
    OpinionCommitteeIn,
    OpinionContactIn,
    OpinionContactOut,
    OpinionContactPatch,
    OpinionOfficerIn,
    OpinionOfficerOut,
    OpinionOfficerPatch,
    OpinionSettingsIn,
    OpinionSettingsOut,
)


def _category(c) -> dict:
    return {"id": c.pk, "committee": c.committee_id, "name": c.name, "sort": c.sort, "is_active": c.is_active}


@router.get("/opinion-categories/", response={200: page_of(OpinionCategoryOut), **READ_ERRORS})
def list_categories(request, paging: PageQuery, committee: str = ""):
    """A committee's own categories (empty while it uses the defaults: 经济发展, 社会民生 …)."""
    qs = reader_rows(request.auth, Category, committee)
    page = paginate(qs.order_by("committee__path", "sort", "id"), paging.page, paging.page_size)
    return {"items": [_category(c) for c in page["items"]], "count": page["count"]}


@router.post("/opinion-categories/", response={201: OpinionCategoryOut, **WRITE_ERRORS})
def create_category(request, payload: OpinionCategoryIn):
    """A new category (the first one starts the committee's own list from the defaults)."""
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    return 201, _category(services.create_category(actor=request.auth, committee=committee, name=payload.name))


@router.post("/opinion-categories/defaults", response={200: list[OpinionCategoryOut], **WRITE_ERRORS})
def seed_categories(request, payload: OpinionCommitteeIn):
    """The committee's own list, started from the defaults (经济发展, 社会民生 …) so that each can be renamed
    or deactivated; returns the list."""
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    return [_category(c) for c in services.seed_default_categories(actor=request.auth, committee=committee)]


@router.patch("/opinion-categories/{id}", response={200: OpinionCategoryOut, **WRITE_ERRORS})
def update_category(request, id: Id, payload: OpinionCategoryPatch):
    require_office(request.auth)
    category = get_in(managed_rows(request.auth, Category), id)
    changes = payload.model_dump(exclude_unset=True)
    return _category(services.update_category(actor=request.auth, category=category, **changes))


# --- Limits, feedback period and the points table --------------------------------------------------


def _settings(committee) -> dict:
    current = services.settings_for(committee)
    return {
        "committee": committee.pk,
        "warn_length": current.warn_length,
        "max_length": current.max_length,
        "feedback_days": current.feedback_days,
        "points": services.points_for(committee),
    }


@router.get("/opinion-settings/", response={200: OpinionSettingsOut, **READ_ERRORS})
def get_settings(request, committee: str = ""):
    """A committee's limits, feedback period and information points (the information office)."""
    require_office(request.auth)
    found = committee_in_scope(request.auth, committee)
    if not services.can_manage(request.auth, found):
        raise Forbidden()
    return _settings(found)


@router.put("/opinion-settings/", response={200: OpinionSettingsOut, **WRITE_ERRORS})
def put_settings(request, payload: OpinionSettingsIn):
    """Change them all at once (points not listed keep their values)."""
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    services.configure(actor=request.auth, committee=committee, **payload.model_dump(exclude={"committee"}))
    return _settings(committee)


# --- Information officers and organisation contacts ------------------------------------------------


def _officer(o) -> dict:
    return {"id": o.pk, "committee": o.committee_id, "user": o.user_id, "username": o.user.username, "name": o.name,
            "workplace": o.workplace, "party": o.party_id, "appointed_on": o.appointed_on,
            "is_active": o.is_active}  # fmt: skip


@router.get("/opinion-officers/", response={200: page_of(OpinionOfficerOut), **READ_ERRORS})
def list_officers(request, paging: PageQuery, committee: str = ""):
    qs = reader_rows(request.auth, InformationOfficer, committee).select_related("user")
    page = paginate(qs.order_by("committee__path", "name", "id"), paging.page, paging.page_size)
    return {"items": [_officer(o) for o in page["items"]], "count": page["count"]}


@router.post("/opinion-officers/", response={201: OpinionOfficerOut, **WRITE_ERRORS})
def appoint_officer(request, payload: OpinionOfficerIn):
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    officer = services.appoint_officer(
        actor=request.auth,
        committee=committee,
        user=account_of(committee, payload.username),
        name=payload.name,
        workplace=payload.workplace,
        party=party_of(committee.pk, payload.party),
    )
    return 201, _officer(officer)


@router.patch("/opinion-officers/{id}", response={200: OpinionOfficerOut, **WRITE_ERRORS})
def update_officer(request, id: Id, payload: OpinionOfficerPatch):
    require_office(request.auth)
    officer = get_in(managed_rows(request.auth, InformationOfficer).select_related("user"), id)
    changes = payload.model_dump(exclude_unset=True)
    if "party" in changes:
        changes["party"] = party_of(officer.committee_id, changes["party"])
    return _officer(services.update_officer(actor=request.auth, officer=officer, **changes))


def _contact(c) -> dict:
    return {"id": c.pk, "committee": c.committee_id, "party": c.party_id, "user": c.user_id,
            "username": c.user.username, "is_active": c.is_active}  # fmt: skip


@router.get("/opinion-contacts/", response={200: page_of(OpinionContactOut), **READ_ERRORS})
def list_contacts(request, paging: PageQuery, committee: str = ""):
    qs = reader_rows(request.auth, PartyContact, committee).select_related("user")
    page = paginate(qs.order_by("committee__path", "party", "id"), paging.page, paging.page_size)
    return {"items": [_contact(c) for c in page["items"]], "count": page["count"]}


@router.post("/opinion-contacts/", response={201: OpinionContactOut, **WRITE_ERRORS})
def add_contact(request, payload: OpinionContactIn):
    require_office(request.auth)
    committee = committee_in_scope(request.auth, payload.committee)
    contact = services.add_party_contact(
        actor=request.auth,
        committee=committee,
        party=party_of(committee.pk, payload.party),
        user=account_of(committee, payload.username),
    )
    return 201, _contact(contact)


@router.patch("/opinion-contacts/{id}", response={200: OpinionContactOut, **WRITE_ERRORS})
def update_contact(request, id: Id, payload: OpinionContactPatch):
    require_office(request.auth)
    contact = get_in(managed_rows(request.auth, PartyContact).select_related("user", "committee"), id)
    changes = payload.model_dump(exclude_unset=True)
    contact = services.update_contact(
        actor=request.auth,
        contact=contact,
        party=party_of(contact.committee_id, changes["party"]) if changes.get("party") else None,
        user=account_of(contact.committee, changes["username"]) if changes.get("username") else None,
        is_active=changes.get("is_active"),
    )
    return _contact(contact)
