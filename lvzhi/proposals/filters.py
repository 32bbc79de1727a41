"""One filter definition for the proposal list page, its xlsx export and the API."""

from dataclasses import dataclass, fields

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lvzhi.core.cleaning import as_id, id_or_name
from lvzhi.core.scope import committee_ids as scope_ids
from lvzhi.core.scope import committee_named
from lvzhi.proposals.choices import OPEN_ASSIGNMENT_STATES
from lvzhi.proposals.models import Assignment, Evaluation, Proposal


@dataclass
class ProposalFilter:
    committee: str = ""  # id or GB/T 2260 code, with its descendants
    session: str = ""  # session id; "between" = between sessions
    state: str = ""
    category: str = ""  # category id or name
    kind: str = ""  # proposer kind
    party: str = ""  # party id or name
    sector: str = ""  # sector id or name
    unit: str = ""  # unit id or name (assigned to)
    key: str = ""  # "1" = key proposals only
    overdue: str = ""  # "1" = with an overdue assignment
    rating: str = ""  # satisfied / basically_satisfied / unsatisfied
    q: str = ""  # title, number, proposer name

    @classmethod
    def from_params(cls, params) -> "ProposalFilter":
        return cls(**{f.name: _given(params, f.name, f.default).strip()[:100] for f in fields(cls)})

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _given(params, name, default) -> str:
    """The last value filled in for `name`: without script a picker's select is followed by a text
    field of the same name, and what was typed there is what the user asks for."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    return str(next((v for v in reversed(values) if v), default))


def filter_proposals(user, flt: ProposalFilter, base=None, committee_ids=None):
    qs = base if base is not None else Proposal.objects.visible_to(user)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if flt.committee:
        committee = committee_named(flt.committee, scope_ids(user))
        qs = qs.filter(committee__path__startswith=committee.path) if committee else qs.none()
    if flt.session == "between":
        qs = qs.filter(session__isnull=True)
    elif flt.session:
        qs = qs.filter(session_id=as_id(flt.session) or 0)  # an id that names no session matches nothing
    if flt.state:
        qs = qs.filter(state=flt.state)
    if flt.category:
        qs = qs.filter(**id_or_name("category", flt.category))
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    for name in ("party", "sector"):  # by id, or by name: each committee has its own row of the same party
        value = getattr(flt, name)
        if value:
            qs = qs.filter(**id_or_name(name, value))
    if flt.unit:  # by id (the filter's choice), or by name (typed where the page runs no script)
        unit = id_or_name("unit", flt.unit)
        qs = qs.filter(Exists(Assignment.objects.filter(proposal=OuterRef("pk"), **unit)))
    if flt.key in ("1", "true", "yes"):
        qs = qs.filter(is_key=True)
    if flt.overdue in ("1", "true", "yes"):
        today = timezone.localdate()
        late = Assignment.objects.filter(proposal=OuterRef("pk"), state__in=OPEN_ASSIGNMENT_STATES, deadline__lt=today)
        qs = qs.filter(Exists(late))
    if flt.rating:
        qs = qs.filter(Exists(Evaluation.objects.filter(assignment__proposal=OuterRef("pk"), rating=flt.rating)))
    if flt.q:
        qs = qs.filter(Q(title__icontains=flt.q) | Q(number__icontains=flt.q) | Q(proposer__name__icontains=flt.q))
    return qs.select_related("committee", "proposer", "category", "party", "sector", "session__term").order_by("-id")
