"""Deadline reminders: 7, 3 and 1 days before an assignment's deadline, and on the day after
it passed. Run once a day (`manage.py remind_proposals`); each run reminds of its own day only,
so every assignment gets each reminder once."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.notifications import notify
from lvzhi.proposals.choices import OPEN_ASSIGNMENT_STATES
from lvzhi.proposals.models import Assignment
from lvzhi.proposals.services import detail_url, office_users, unit_users


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    steps = {
        today + datetime.timedelta(days=7): _("提案办理期限还有 7 天：%(t)s（%(d)s）"),
        today + datetime.timedelta(days=3): _("提案办理期限还有 3 天：%(t)s（%(d)s）"),
        today + datetime.timedelta(days=1): _("提案办理期限还有 1 天：%(t)s（%(d)s）"),
        today - datetime.timedelta(days=1): _("提案已逾期未答复：%(t)s（期限 %(d)s）"),
    }
    sent = 0
    rows = Assignment.objects.filter(state__in=OPEN_ASSIGNMENT_STATES, deadline__in=list(steps)).select_related(
        "proposal", "unit"
    )
    for a in rows:
        title = steps[a.deadline] % {"t": a.proposal.title, "d": a.deadline}
        users = unit_users(a.unit_id)
        if a.deadline < today:
            users += office_users(a.committee_id)
        kind = "proposals.overdue" if a.deadline < today else "proposals.reply_due"
        notify(users, title=title, url=detail_url(a.proposal), kind=kind, subject=a)
        sent += 1
    audit.record("proposals.reminders", object_type="proposals.assignment", after={"day": str(today), "sent": sent})
    return sent
