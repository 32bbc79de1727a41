"""What the learning services share: who manages, who studies, the member's seat."""

from django.utils.translation import gettext as _

from lvzhi.core import permissions
from lvzhi.core.errors import Forbidden, NotFound
from lvzhi.learning.models import PERMISSION
from lvzhi.org.audience import current_memberships, seats_if_remembered


def can_manage(user, committee) -> bool:
    return permissions.can_manage(user, committee, PERMISSION)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, PERMISSION, hide_out_of_scope=True)


def seat_under(user, committee):
    """The member's current seat in this committee, else in one below it (the committee their study
    counts in), or None."""
    if not permissions.is_member_user(user):
        return None
    remembered = seats_if_remembered(user.member_id)  # a page request read them already
    if remembered is not None:
        seats = sorted(
            (s for s in remembered if s.committee.path.startswith(committee.path)),
            key=lambda s: s.committee.path,
            reverse=True,
        )
    else:
        seats = list(
            current_memberships()
            .filter(member_id=user.member_id, committee__path__startswith=committee.path)
            .select_related("committee")
            .order_by("-committee__path")
        )
    return next((s for s in seats if s.committee_id == committee.pk), seats[0] if seats else None)


def require_seat(user, committee):
    seat = seat_under(user, committee)
    if seat is None:
        if permissions.is_authenticated(user) and user.member_id:
            raise NotFound()
        raise Forbidden(_("只有委员可以进行此操作。"))
    return seat
