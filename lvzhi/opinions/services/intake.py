"""An opinion report from another module's work, offered through the registry
(`opinions.report_from_deliberation`): the information office turns a deliberation topic's outcome
into a submitted report credited to the members who contributed to it."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import User
from lvzhi.core import audit
from lvzhi.core.errors import Invalid
from lvzhi.core.notifications import notify
from lvzhi.opinions.choices import OTHER_CATEGORY, SubmitterKind
from lvzhi.opinions.models import Credit, OpinionReport
from lvzhi.opinions.services.access import _require_manage
from lvzhi.opinions.services.config import categories_for
from lvzhi.opinions.services.content import clean_content
from lvzhi.opinions.services.flow import _log, _perform
from lvzhi.opinions.services.submitters import Capacity, _credit_for, _member_party
from lvzhi.org.models import Member


def report_from_deliberation(*, actor, committee, title: str, content: str, suggestions: str, member_ids=()):
    """A report in the information office's queue as submitted, credited to the contributors
    (members), with the outcome's summary as its content. Only the committee's information office."""
    _require_manage(actor, committee)
    members = list(Member.objects.filter(pk__in=list(member_ids)))
    if not members:
        raise Invalid(errors={"members": [_("没有可署名的委员。")]})
    names = categories_for(committee)
    category = OTHER_CATEGORY if OTHER_CATEGORY in names else names[0]
    data = {"title": title[:200], "content": content, "suggestions": suggestions, "category": category}
    cleaned = clean_content(committee, data)
    order = {pk: i for i, pk in enumerate(member_ids)}
    members.sort(key=lambda m: order.get(m.pk, 0))
    note = _("由网络议政成果转来：%(t)s") % {"t": title}
    with transaction.atomic():
        report = OpinionReport.objects.create(
            committee=committee, submitter_kind=SubmitterKind.MEMBER, created_by=actor, **cleaned
        )
        users = {u.member_id: u for u in User.objects.filter(member__in=members, is_active=True)}
        credits = [
            _credit_for(
                report,
                Capacity(
                    "member", SubmitterKind.MEMBER, committee, m.name, m.name,
                    member=m, party=_member_party(m.pk, committee.pk),
                ),
                users.get(m.pk),
            )
            for m in members
        ]  # fmt: skip
        Credit.objects.bulk_create(credits)
        _log(report, "create", actor=actor, note=note)
        audit.record("opinions.report.from_deliberation", actor=actor, obj=report, note=note,
                     after={**audit.snapshot(report), "credited": [c.key for c in credits]})  # fmt: skip

        def apply(obj):
            obj.original_title, obj.original_content, obj.original_suggestions = obj.title, obj.content, obj.suggestions
            obj.submitted_at = timezone.now()

        _perform(report, "submit", actor=actor, note=note, apply=apply)
        notify(
            list(users.values()),
            title=_("网络议政成果已转为社情民意信息：%(t)s") % {"t": report.title},
            url=reverse("opinions:detail", args=[report.pk]),
            committee=committee,
            kind="opinions.received",
        )
    return report
