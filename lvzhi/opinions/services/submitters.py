"""Submitters: the capacities in which a user may submit (member, organisation contact, information
officer) and the credit a report gives each submitter."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Role
from lvzhi.opinions.choices import SubmitterKind
from lvzhi.opinions.models import (
    Credit,
    InformationOfficer,
    PartyContact,
)
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Committee, Membership


@dataclass(frozen=True)
class Capacity:
    """One way a user may submit: as a member, for an organisation, or as an information officer."""

    code: str  # "member", "party:<id>", "officer:<id>"
    kind: str
    committee: Committee
    label: str
    name: str
    member: object = None
    party: object = None
    officer: object = None


def _member_party(member_id, committee_id):
    seat = (
        Membership.objects.filter(member_id=member_id, committee_id=committee_id, status=MembershipStatus.ACTIVE)
        .select_related("party")
        .order_by("-term__number")
        .first()
    )
    return seat.party if seat else None


CAPACITIES_CACHE = "_lvzhi_opinion_capacities"


def forget_capacities(user) -> None:
    """Drop what `capacities` and `can_submit` cached on this user object."""
    user.__dict__.pop(CAPACITIES_CACHE, None)
    user.__dict__.pop("_lvzhi_can_submit", None)


def can_submit(user) -> bool:
    """Whether the user may submit reports in some capacity: the menu's cheap yes/no (no query for
    a member; one for anyone else), where `capacities` builds every capacity for the form."""
    if not getattr(user, "is_authenticated", False) or user.is_admin_role:
        return False
    if user.member_id and user.committee_id and user.has_role(Role.MEMBER):
        return True
    cached = getattr(user, CAPACITIES_CACHE, None)
    if cached is not None:
        return bool(cached)
    if not hasattr(user, "_lvzhi_can_submit"):
        # one query for both capacities (the menu asks on every page)
        user._lvzhi_can_submit = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .filter(
                Exists(InformationOfficer.objects.filter(user=OuterRef("pk"), is_active=True))
                | Exists(PartyContact.objects.filter(user=OuterRef("pk"), is_active=True))
            )
            .exists()
        )
    return user._lvzhi_can_submit


def capacities(user) -> list[Capacity]:
    """The capacities in which this user may submit reports (cached on the user object, since the
    menu asks on every page)."""
    if not getattr(user, "is_authenticated", False) or user.is_admin_role:
        return []
    cached = getattr(user, CAPACITIES_CACHE, None)
    if cached is not None:
        return list(cached)
    found = []
    if user.member_id and user.has_role(Role.MEMBER) and user.committee_id:
        member = user.member
        found.append(
            Capacity(
                "member",
                SubmitterKind.MEMBER,
                user.committee,
                _("委员 %(name)s") % {"name": member.name},
                member.name,
                member=member,
                party=_member_party(member.pk, user.committee_id),
            )
        )
    for officer in InformationOfficer.objects.filter(user=user, is_active=True).select_related("committee", "party"):
        found.append(
            Capacity(
                f"officer:{officer.pk}",
                SubmitterKind.OFFICER,
                officer.committee,
                _("特邀信息员 %(name)s（%(c)s）") % {"name": officer.name, "c": officer.committee.short_name},
                officer.name,
                officer=officer,
                party=officer.party,
            )
        )
    for contact in PartyContact.objects.filter(user=user, is_active=True).select_related("committee", "party"):
        found.append(
            Capacity(
                f"party:{contact.party_id}",
                SubmitterKind.ORGANISATION,
                contact.committee,
                _("%(party)s（联络人报送）") % {"party": contact.party.name},
                contact.party.name,
                party=contact.party,
            )
        )
    setattr(user, CAPACITIES_CACHE, tuple(found))
    return found


def _credit_for(report, capacity: Capacity, user) -> Credit:
    key = {
        SubmitterKind.MEMBER: f"member:{capacity.member.pk if capacity.member else 0}",
        SubmitterKind.OFFICER: f"officer:{capacity.officer.pk if capacity.officer else 0}",
        SubmitterKind.ORGANISATION: f"party:{capacity.party.pk if capacity.party else 0}",
    }[capacity.kind]
    return Credit(
        report=report,
        committee_id=report.committee_id,
        kind=capacity.kind,
        key=key,
        name=capacity.name[:100],
        member=capacity.member,
        party=capacity.party,
        officer=capacity.officer,
        user=user if capacity.kind != SubmitterKind.ORGANISATION else user,
    )
