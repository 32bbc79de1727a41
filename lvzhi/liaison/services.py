"""Every write of the liaison module: `verb_noun(*, actor, ...)`, atomic, audited. Staff with the
members permission write within their scope; bad input is a 422 with a message per field and
nothing written; the report's states change only through `REPORT_FLOW`."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, cleaning, permissions, registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.liaison.choices import (
    ContactGroup,
    EngagementKind,
    HostBody,
    HostedKind,
    PartyReportKind,
    PartyReportState,
    ReplyOutcome,
)
from lvzhi.liaison.models import PERMISSION, Assignment, Contact, Engagement, HostedVisit, PartyReport
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Committee, Member, Membership

LEADER_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL)
MAX_IDS = 500


# --- who may write ---------------------------------------------------------------------------


def can_manage(user, committee) -> bool:
    """Staff with the members permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, PERMISSION)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, PERMISSION)


def manages(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def resolve_committee(actor, committee) -> Committee:
    """The committee a new record belongs to (an object, an id or a GB/T 2260 code) in the actor's
    scope; one the actor does not manage is bad input."""
    if not (permissions.is_authenticated(actor) and actor.has_module_perm(PERMISSION)):
        raise Forbidden()
    found = committee if isinstance(committee, Committee) else committee_named(committee, committee_ids(actor))
    if found is None or not can_manage(actor, found):
        raise Invalid(errors={"committee": [_("请选择您所管理的委员会。")]})
    return found


# --- input cleaning --------------------------------------------------------------------------


class Cleaner(cleaning.Cleaner):
    """The platform's cleaner as this module uses it: a field left out of an update keeps the
    record's value, and what was cleaned is kept in `cleaned`."""

    def __init__(self, data: dict, instance=None):
        super().__init__(data)
        self.instance = instance
        self.cleaned: dict = {}

    def _raw(self, field):
        if field in self.data:
            return self.data[field]
        if self.instance is not None:
            return getattr(self.instance, field, None)
        return None

    def text(self, field, max_length, *, required=False):
        value = self._raw(field)
        if value is not None and not isinstance(value, str):
            self.error(field, _("应为文字。"))
            value = ""
        value = super().text(field, required=required, max_length=max_length, value=value or "")
        self.cleaned[field] = value
        return value

    def date(self, field, *, required=False, not_after_today=True):
        value = super().date(field, required=required, value=self._raw(field) or "")
        if value is not None and not_after_today and value > timezone.localdate() + datetime.timedelta(days=1):
            self.error(field, _("不能晚于今天。"))
        self.cleaned[field] = value
        return value

    def choice(self, field, choices, *, required=True):
        value = super().choice(field, choices.values, required=required, value=self._raw(field) or "")
        self.cleaned[field] = value
        return value

    def integer(self, field, *, low, high, required=True):
        value = super().integer(field, required=required, low=low, high=high, value=self._raw(field))
        self.cleaned[field] = value
        return value

    def order(self, first, second, message):
        a, b = self.cleaned.get(first), self.cleaned.get(second)
        if a and b and b < a:
            self.error(second, message)


def _ids(values, field, cleaner, message):
    if values is None:
        return []
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        cleaner.error(field, message)
        return None
    ids = []
    for value in values:
        pk = as_id(getattr(value, "pk", value))
        if pk is None:
            cleaner.error(field, message)
            return None
        ids.append(pk)
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_IDS:
        cleaner.error(field, _("选择过多。"))
        return None
    return ids


def members_of(committee, values, field, cleaner, *, required=False) -> list[Member]:
    """Members holding a membership of this committee (any term), or an error on `field`."""
    ids = _ids(values, field, cleaner, _("委员选择有误。"))
    if ids is None:
        return []
    if required and not ids:
        cleaner.error(field, _("请至少选择一名委员。"))
        return []
    seated = set(Membership.objects.filter(committee=committee, member_id__in=ids).values_list("member_id", flat=True))
    if any(pk not in seated for pk in ids):
        cleaner.error(field, _("只能选择本委员会的委员。"))
        return []
    return list(Member.objects.filter(pk__in=ids))


def leader_of(committee, value, field, cleaner):
    """A member of the chairs' meeting (主席、副主席、秘书长) of this committee, or an error."""
    found = members_of(committee, [value] if value not in (None, "") else [], field, cleaner, required=True)
    if not found:
        return None
    leader = found[0]
    if not Membership.objects.filter(committee=committee, member=leader, role__in=LEADER_ROLES).exists():
        cleaner.error(field, _("联系领导应为本委员会的主席会议成员（主席、副主席、秘书长）。"))
        return None
    return leader


def contacts_of(committee, values, field, cleaner, *, required=False) -> list[Contact]:
    ids = _ids(values, field, cleaner, _("联系对象选择有误。"))
    if ids is None:
        return []
    if required and not ids:
        cleaner.error(field, _("请至少选择一名联系对象。"))
        return []
    found = list(Contact.objects.filter(committee=committee, pk__in=ids))
    if len(found) != len(ids):
        cleaner.error(field, _("只能选择本委员会的联系对象。"))
        return []
    return found


def contact_of(committee, value, field, cleaner):
    found = contacts_of(committee, [value] if value not in (None, "") else [], field, cleaner, required=True)
    return found[0] if found else None


def activity_of(committee, value, cleaner):
    """The activity a themed activity was held as: one of this committee's, reached through the
    relation (this module does not import the activities module), or an error."""
    if value in (None, ""):
        return None
    Activity = Engagement._meta.get_field("activity").related_model
    pk = as_id(getattr(value, "pk", value))
    found = Activity.objects.filter(pk=pk, committee=committee).first() if pk else None
    if found is None:
        cleaner.error("activity", _("请选择本委员会的活动。"))
    return found


# --- saving ------------------------------------------------------------------------------------


def _relations(obj, names):
    return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in names}


def _save(obj, actor, cleaned, fields, *, m2m=(), unique_error=None):
    """Write the cleaned fields (and many-to-many sets) to obj, new or existing, audit it and bring the
    duty ledger up to date, in one transaction."""
    create = obj.pk is None
    with transaction.atomic():
        before = None if create else {**audit.snapshot(obj), **_relations(obj, m2m)}
        for f in fields:
            setattr(obj, f, cleaned[f])
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            if unique_error:
                raise Invalid(errors=unique_error) from None
            raise
        for name in m2m:
            if cleaned.get(name) is not None:
                getattr(obj, name).set(cleaned[name])
        after = {**audit.snapshot(obj), **_relations(obj, m2m)}
        action = f"{obj._meta.label_lower}.{'create' if create else 'update'}"
        audit.record(action, actor=actor, obj=obj, before=before, after=after)
        registry.sync_derived(obj)
    return obj


# --- contacts ----------------------------------------------------------------------------------

CONTACT_FIELDS = ("member", "name", "group", "affiliation", "listed_on", "note")


def _clean_contact(committee, data, instance=None):
    c = Cleaner(data, instance)
    raw = data.get("member", instance.member_id if instance else None)
    member = None
    if raw not in (None, ""):
        found = members_of(committee, [raw], "member", c)
        member = found[0] if found else None
    c.cleaned["member"] = member
    name = c.text("name", 50, required=member is None)
    if member is not None and not name:
        c.cleaned["name"] = member.name
    c.choice("group", ContactGroup)
    c.text("affiliation", 200)
    if member is not None and not c.cleaned["affiliation"]:
        c.cleaned["affiliation"] = " ".join(p for p in (member.workplace, member.title) if p)[:200]
    c.date("listed_on", required=True)
    c.text("note", 5000)
    c.done()
    return c.cleaned


MEMBER_ONCE = {"member": [_("该委员已在联系对象名单中。")]}


def create_contact(*, actor, committee, data: dict) -> Contact:
    """List a person to keep in touch with: a member of the committee (their name comes with them) or
    a person outside it (name required)."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_contact(committee, data)
    obj = Contact(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, CONTACT_FIELDS, unique_error=MEMBER_ONCE)


def update_contact(*, actor, contact: Contact, data: dict) -> Contact:
    require_manage(actor, contact.committee_id)
    cleaned = _clean_contact(contact.committee, data, instance=contact)
    return _save(contact, actor, cleaned, CONTACT_FIELDS, unique_error=MEMBER_ONCE)


# --- assignments -------------------------------------------------------------------------------

ASSIGNMENT_FIELDS = ("leader", "contact", "started_on", "ended_on", "note")


def _clean_assignment(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.cleaned["leader"] = leader_of(
        committee, data.get("leader", instance.leader_id if instance else None), "leader", c
    )
    raw = data.get("contact", instance.contact_id if instance else None)
    c.cleaned["contact"] = contact_of(committee, raw, "contact", c)
    c.date("started_on", required=True, not_after_today=False)
    c.date("ended_on", not_after_today=False)
    c.order("started_on", "ended_on", _("结束日期不能早于开始日期。"))
    c.text("note", 5000)
    c.done()
    return c.cleaned


ASSIGNED_ONCE = {"contact": [_("该领导已自同日起联系此人。")]}


def create_assignment(*, actor, committee, data: dict) -> Assignment:
    """Assign a leader to keep in touch with a contact (联系重要代表人士)."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_assignment(committee, data)
    obj = Assignment(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, ASSIGNMENT_FIELDS, unique_error=ASSIGNED_ONCE)


def update_assignment(*, actor, assignment: Assignment, data: dict) -> Assignment:
    require_manage(actor, assignment.committee_id)
    cleaned = _clean_assignment(assignment.committee, data, instance=assignment)
    return _save(assignment, actor, cleaned, ASSIGNMENT_FIELDS, unique_error=ASSIGNED_ONCE)


# --- engagements (visits, talks, themed activities) --------------------------------------------

ENGAGEMENT_FIELDS = ("kind", "title", "held_on", "place", "summary", "activity", "note")


def _clean_engagement(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.choice("kind", EngagementKind)
    c.text("title", 200, required=True)
    c.date("held_on", required=True)
    c.text("place", 100)
    c.text("summary", 5000)
    c.text("note", 5000)
    c.cleaned["activity"] = activity_of(committee, data.get("activity", instance.activity_id if instance else None), c)
    if instance is None or "members" in data:
        c.cleaned["members"] = members_of(committee, data.get("members"), "members", c, required=True)
    if instance is None or "contacts" in data:
        c.cleaned["contacts"] = contacts_of(committee, data.get("contacts"), "contacts", c, required=True)
    c.done()
    return c.cleaned


def create_engagement(*, actor, committee, data: dict) -> Engagement:
    """Record a contact made: who (members, leaders) reached whom (contacts), how and when."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_engagement(committee, data)
    obj = Engagement(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, ENGAGEMENT_FIELDS, m2m=("members", "contacts"))


def update_engagement(*, actor, engagement: Engagement, data: dict) -> Engagement:
    require_manage(actor, engagement.committee_id)
    cleaned = _clean_engagement(engagement.committee, data, instance=engagement)
    return _save(engagement, actor, cleaned, ENGAGEMENT_FIELDS, m2m=("members", "contacts"))


# --- visits hosted from the national or provincial committee -----------------------------------

HOSTED_FIELDS = ("body", "visitor", "leader", "kind", "started_on", "ended_on", "topic", "places", "staff", "support")
HOSTED_FIELDS += ("note",)


def _clean_hosted(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.choice("body", HostBody)
    c.text("visitor", 100, required=True)
    c.text("leader", 100, required=True)
    c.choice("kind", HostedKind)
    c.date("started_on", required=True)
    c.date("ended_on", required=True, not_after_today=False)
    c.order("started_on", "ended_on", _("结束日期不能早于开始日期。"))
    c.text("topic", 200, required=True)
    c.text("places", 2000)
    c.text("staff", 200)
    c.text("support", 5000)
    c.text("note", 5000)
    if instance is None or "members" in data:
        c.cleaned["members"] = members_of(committee, data.get("members"), "members", c)
    c.done()
    return c.cleaned


def create_hosted_visit(*, actor, committee, data: dict) -> HostedVisit:
    """Record a visit of the national or provincial committee hosted by this one, with the members
    who accompanied it (duty events) and the support obtained."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_hosted(committee, data)
    obj = HostedVisit(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, HOSTED_FIELDS, m2m=("members",))


def update_hosted_visit(*, actor, visit: HostedVisit, data: dict) -> HostedVisit:
    require_manage(actor, visit.committee_id)
    cleaned = _clean_hosted(visit.committee, data, instance=visit)
    return _save(visit, actor, cleaned, HOSTED_FIELDS, m2m=("members",))


# --- 请示报告 -----------------------------------------------------------------------------------

R = PartyReportState
REPORT_FLOW = Workflow(
    rules=[
        Rule("send", [R.DRAFT], R.SENT, manages, None, gettext_lazy("报送")),
        Rule("reply", [R.SENT], R.REPLIED, manages, None, gettext_lazy("登记批复")),
        Rule("close", [R.SENT, R.REPLIED], R.CLOSED, manages, None, gettext_lazy("办结")),
    ]
)
REPORT_FIELDS = ("kind", "subject", "recipient", "body", "drafted_on", "reply_days", "note")


def _clean_report(data, instance=None):
    c = Cleaner(data, instance)
    c.choice("kind", PartyReportKind)
    c.text("subject", 200, required=True)
    c.text("recipient", 100, required=True)
    c.text("body", 10000)
    c.date("drafted_on", required=True)
    if c._raw("reply_days") in (None, ""):
        c.cleaned["reply_days"] = 30
    else:
        c.integer("reply_days", low=1, high=365)
    c.text("note", 5000)
    drafted = c.cleaned.get("drafted_on")
    if instance is not None and instance.sent_on and drafted and drafted > instance.sent_on:
        c.error("drafted_on", _("拟稿日期不能晚于报送日期。"))
    c.done()
    return c.cleaned


def create_party_report(*, actor, committee, data: dict) -> PartyReport:
    """Draft a matter to report to (报告) or request of (请示) the Party committee."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_report(data)
    return _save(PartyReport(committee=committee, created_by=actor), actor, cleaned, REPORT_FIELDS)


def update_party_report(*, actor, report: PartyReport, data: dict) -> PartyReport:
    """Change the text of a report; what it says is fixed once it has been sent (its note and reply
    period stay editable)."""
    require_manage(actor, report.committee_id)
    if report.state != PartyReportState.DRAFT:
        fixed = [f for f in ("kind", "subject", "recipient", "body", "drafted_on") if f in data]
        changed = [f for f in fixed if str(data[f] or "") != str(getattr(report, f) or "")]
        if changed:
            raise Invalid(errors={f: [_("已报送的请示报告不能修改此项。")] for f in changed})
    cleaned = _clean_report(data, instance=report)
    return _save(report, actor, cleaned, REPORT_FIELDS)


def send_party_report(*, actor, report: PartyReport, data: dict) -> PartyReport:
    """报送: the date it went to the Party committee (the reply period runs from it)."""
    require_manage(actor, report.committee_id)
    REPORT_FLOW.rule_for(report, "send")
    c = Cleaner(data)
    day = c.date("sent_on", required=True)
    if day and day < report.drafted_on:
        c.error("sent_on", _("报送日期不能早于拟稿日期。"))
    c.done()

    def apply(obj):
        obj.sent_on = day

    with transaction.atomic():
        REPORT_FLOW.perform(report, "send", actor=actor, note=str(day), apply=apply)
    return report


def reply_party_report(*, actor, report: PartyReport, data: dict) -> PartyReport:
    """登记批复: the date, content and outcome of the Party committee's reply."""
    require_manage(actor, report.committee_id)
    REPORT_FLOW.rule_for(report, "reply")
    c = Cleaner(data)
    day = c.date("replied_on", required=True)
    text = c.text("reply", 5000, required=True)
    outcome = c.choice("outcome", ReplyOutcome)
    if day and report.sent_on and day < report.sent_on:
        c.error("replied_on", _("批复日期不能早于报送日期。"))
    c.done()

    def apply(obj):
        obj.replied_on, obj.reply, obj.outcome = day, text, outcome

    with transaction.atomic():
        REPORT_FLOW.perform(report, "reply", actor=actor, note=str(ReplyOutcome(outcome).label), apply=apply)
    return report


def close_party_report(*, actor, report: PartyReport, data: dict) -> PartyReport:
    """办结: the matter is settled (a report that needs no reply, or a reply carried out)."""
    require_manage(actor, report.committee_id)
    REPORT_FLOW.rule_for(report, "close")
    c = Cleaner(data)
    day = c.date("closed_on", required=True)
    note = c.text("note", 500)
    start = report.replied_on or report.sent_on
    if day and start and day < start:
        c.error("closed_on", _("办结日期不能早于报送或批复日期。"))
    c.done()

    def apply(obj):
        obj.closed_on = day

    with transaction.atomic():
        REPORT_FLOW.perform(report, "close", actor=actor, note=note or str(day), apply=apply)
    return report
