"""Who may do what with reports: the information office, leaders, the writer of a report."""

from lvzhi.accounts.choices import Permission
from lvzhi.core import permissions


def can_read(user) -> bool:
    """Who may read every report of the scope: the information office and leaders."""
    return permissions.can_read(user, Permission.OPINIONS)


def can_manage_any(user) -> bool:
    """Staff with the opinions permission (some committee's information office)."""
    return user.has_module_perm(Permission.OPINIONS)


def can_manage(user, committee) -> bool:
    """The information office: staff with the opinions permission, for a committee in scope."""
    return permissions.can_manage(user, committee, Permission.OPINIONS)


def is_leader_for(user, committee) -> bool:
    return permissions.is_leader_for(user, committee)


def _manages(user, report) -> bool:
    return can_manage(user, report.committee_id)


def _manages_or_leads(user, report) -> bool:
    return _manages(user, report) or is_leader_for(user, report.committee_id)


def _is_creator(user, report) -> bool:
    return bool(user and user.is_authenticated and report.created_by_id == user.pk)


def _require_manage(actor, committee):
    permissions.require_manage(actor, committee, Permission.OPINIONS)
