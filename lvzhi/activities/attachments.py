"""Which activity records' files a user may open, as the activity pages show them: a speech's
file to the readers of its activity's committee and to the member who gave it, an outcome's file
to the readers of its committee (registered with core's file download through
`registry.FileHolder`, from apps.py)."""

from django.db.models import Q

from lvzhi.activities.models import Activity, Outcome, Speech
from lvzhi.activities.services.base import can_read
from lvzhi.core import registry
from lvzhi.core.scope import committee_ids


def _read_in_scope(user) -> Q:
    return Q(activity__committee_id__in=committee_ids(user)) if can_read(user) else Q(pk__in=[])


def visible_speeches(user):
    own = Q(member_id=user.member_id) if user.member_id else Q(pk__in=[])
    return Speech.objects.filter(activity__in=Activity.objects.visible_to(user)).filter(_read_in_scope(user) | own)


def visible_outcomes(user):
    return Outcome.objects.filter(activity__in=Activity.objects.visible_to(user)).filter(_read_in_scope(user))


FILE_HOLDERS = [
    registry.FileHolder("activities.Speech", "attachment", visible=visible_speeches),
    registry.FileHolder("activities.Outcome", "attachment", visible=visible_outcomes),
]
