"""Helpers the proposal services share: notification recipients, input cleaning over the core
cleaner, per-committee list entries and members, the current session."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.accounts.models import User
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Invalid
from lvzhi.core.notifications import notify
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Member, Membership, Session

TITLE_MAX = 100
TEXT_MAX = 20000

# --- small helpers -------------------------------------------------------------------------------


def detail_url(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def member_users(member_ids):
    return list(User.objects.filter(member_id__in=[m for m in member_ids if m], is_active=True))


def unit_users(unit_id):
    return list(User.objects.filter(unit_id=unit_id, is_active=True, roles__role=Role.UNIT))


def office_users(committee_id):
    return list(
        User.objects.filter(
            committee_id=committee_id, is_active=True, roles__role=Role.STAFF, grants__permission=Permission.PROPOSALS
        )
    )


def notify_proposers(proposal, title, body="", *, kind="proposals.review"):
    ids = {proposal.proposer_id, *(c.member_id for c in proposal.coproposers.all())}
    notify(member_users(ids), title=title, body=body, url=detail_url(proposal), committee=proposal.committee, kind=kind)


def _text(data, key, errors, *, required=False, limit=TEXT_MAX, label=""):
    """One text field through the core cleaner; its problems are added to `errors`."""
    clean = Cleaner(data)
    value = clean.text(key, required=required, max_length=limit, label=label)
    _merge(errors, clean)
    return value


def _date(value, key, errors, *, label=""):
    """One date (a date, or YYYY-MM-DD) through the core cleaner: within the accepted range."""
    clean = Cleaner({key: value})
    day = clean.date(key)
    _merge(errors, clean)
    return day


def _merge(errors, clean) -> None:
    for key, messages in clean.errors.items():
        errors.setdefault(key, []).extend(messages)


def _pick(model, committee_id, value, *, by_name=False):
    """A per-committee list entry given as an instance, an id or (optionally) a name."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value if value.committee_id == committee_id else None
    qs = model.objects.filter(committee_id=committee_id)
    text = str(value).strip()
    if as_id(text):
        found = qs.filter(pk=as_id(text)).first()
        if found is not None:
            return found
    if by_name:
        return qs.filter(name=text).first()
    return None


def _committee_member(committee_id, value, term=None):
    """A member holding an active seat in this committee (current term), given by instance or id."""
    pk = getattr(value, "pk", value)
    if as_id(pk) is None:
        return None
    seats = Membership.objects.filter(committee_id=committee_id, member_id=as_id(pk), status=MembershipStatus.ACTIVE)
    if term is not None:
        seats = seats.filter(term=term)
    return Member.objects.filter(pk=int(pk)).first() if seats.exists() else None


def current_session(committee, today=None):
    """The committee's latest session of its current term that has begun (None: between sessions)."""
    today = today or timezone.localdate()
    term = committee.current_term(today)
    if term is None:
        return None, None
    session = Session.objects.filter(term=term, start_date__lte=today).order_by("-number").first()
    return term, session


def _note(note, errors=None, *, required=False, key="note"):
    errors = {} if errors is None else errors
    value = _text({key: note}, key, errors, required=required, limit=2000, label=_("说明"))
    if errors:
        raise Invalid(errors=errors)
    return value
