"""Every write of the party-building records. Staff holding the party permission (机关党建) write within
their committee scope; each write is checked, cleaned, audited and, where it feeds the duty ledger
(a contact of a 两个全覆盖 pair), followed by `registry.sync_derived` in the same transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, cleaning, permissions, registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.org.choices import BranchKind, MemberRole, PartyKind
from lvzhi.org.models import Committee, Membership, PartyBranch, Term
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind, PairState
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk

# --- Who may write -----------------------------------------------------------------------------


def can_manage(user, committee) -> bool:
    """The office's party staff: staff holding the party permission, for a committee in their scope."""
    return permissions.can_manage(user, committee, Permission.PARTY)


def require_manage(user, committee) -> None:
    permissions.require_manage(user, committee, Permission.PARTY)


def manages(user, obj) -> bool:
    return can_manage(user, obj.committee_id)


def can_see_confidential(user, talk) -> bool:
    """A talk's confidential notes: only the office's party staff of its committee — not leaders, not
    other staff (they read the summary)."""
    return can_manage(user, talk.committee_id)


def resolve_committee(actor, committee) -> Committee:
    if not (permissions.is_authenticated(actor) and actor.has_module_perm(Permission.PARTY)):
        raise Forbidden()
    found = committee if isinstance(committee, Committee) else committee_named(committee, committee_ids(actor))
    if found is None or not can_manage(actor, found):
        raise Invalid(errors={"committee": [_("请选择您所管理的委员会。")]})
    return found


class Cleaner(cleaning.Cleaner):
    """The platform's cleaner; a field left out of an update keeps the record's value."""

    def __init__(self, data: dict, instance=None):
        super().__init__(data)
        self.instance = instance
        self.cleaned: dict = {}

    def _raw(self, field):
        if field in self.data:
            return self.data[field]
        return getattr(self.instance, field, None) if self.instance is not None else None

    def text(self, field, max_length, *, required=False):
        value = self._raw(field)
        if value is not None and not isinstance(value, str):
            self.error(field, _("应为文字。"))
            value = ""
        value = super().text(field, required=required, max_length=max_length, value=value or "")
        self.cleaned[field] = value
        return value

    def date(self, field, *, required=False):
        value = super().date(field, required=required, value=self._raw(field) or "")
        if value is not None and value > timezone.localdate():
            self.error(field, _("不能晚于今天。"))
        self.cleaned[field] = value
        return value

    def choice(self, field, choices, *, required=True):
        value = super().choice(field, choices.values, required=required, value=self._raw(field) or "")
        self.cleaned[field] = value
        return value

    def order(self, first, second, message):
        a, b = self.cleaned.get(first), self.cleaned.get(second)
        if a and b and b < a:
            self.error(second, message)


def _pk(value):
    return as_id(getattr(value, "pk", value))


def _record_create(obj, actor, extra=None):
    audit.record(
        f"{obj._meta.label_lower}.create", actor=actor, obj=obj, after={**audit.snapshot(obj), **(extra or {})}
    )


def _record_update(obj, actor, before, extra=None):
    after = {**audit.snapshot(obj), **(extra or {})}
    audit.record(f"{obj._meta.label_lower}.update", actor=actor, obj=obj, before=before, after=after)


def _branch_of(committee, value, cleaner, field="branch"):
    pk = _pk(value)
    found = PartyBranch.objects.filter(pk=pk, committee=committee).first() if pk else None
    if found is None:
        cleaner.error(field, _("请选择本委员会机关的党支部或党小组。"))
    return found


# --- Branch members ------------------------------------------------------------------------------

MEMBERSHIP_FIELDS = ("branch", "name", "position", "role", "joined_on", "left_on", "note")


def _clean_membership(committee, data, instance=None):
    c = Cleaner(data, instance)
    raw = data.get("branch", instance.branch_id if instance else None)
    branch = _branch_of(committee, raw, c)
    c.cleaned["branch"] = branch
    c.text("name", 50, required=True)
    c.text("position", 100)
    c.choice("role", BranchRole)
    joined = c.date("joined_on", required=True)
    c.date("left_on")
    c.order("joined_on", "left_on", _("转出日期不能早于编入日期。"))
    c.text("note", 5000)
    if branch is not None and joined and not branch.exists_on(joined):
        c.error("joined_on", _("编入之日该党支部（党小组）不在设。"))
    c.done()
    return c.cleaned


def _save(obj, actor, cleaned, fields, *, create, m2m=None, taken=None):
    with transaction.atomic():
        before = None if create else audit.snapshot(obj)
        if not create and m2m:
            before.update({name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m})
        for f in fields:
            setattr(obj, f, cleaned[f])
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise Invalid(errors=taken or {"__all__": [_("与已有记录重复。")]}) from None
        extra = {}
        for name, values in (m2m or {}).items():
            if values is not None:
                getattr(obj, name).set(values)
            extra[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        if create:
            _record_create(obj, actor, extra)
        else:
            _record_update(obj, actor, before, extra)
        registry.sync_derived(obj)
    return obj


def create_membership(*, actor, committee, data: dict) -> BranchMembership:
    """编入: a party member of the office joins a branch or group."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_membership(committee, data)
    obj = BranchMembership(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, MEMBERSHIP_FIELDS, create=True)


def update_membership(*, actor, membership: BranchMembership, data: dict) -> BranchMembership:
    require_manage(actor, membership.committee_id)
    cleaned = _clean_membership(membership.committee, data, instance=membership)
    return _save(membership, actor, cleaned, MEMBERSHIP_FIELDS, create=False)


def leave_membership(*, actor, membership: BranchMembership, data: dict) -> BranchMembership:
    """转出: the member leaves the branch (moves to another, retires, transfers out) on a day."""
    require_manage(actor, membership.committee_id)
    if membership.left_on is not None:
        raise Invalid(errors={"left_on": [_("该党员已于 %(d)s 转出。") % {"d": membership.left_on}]})
    c = Cleaner({"left_on": data.get("left_on"), "note": data.get("note") or membership.note})
    day = c.date("left_on", required=True)
    c.text("note", 5000)
    if day and day < membership.joined_on:
        c.error("left_on", _("转出日期不能早于编入日期。"))
    c.done()
    cleaned = {**{f: getattr(membership, f) for f in MEMBERSHIP_FIELDS}, "left_on": day, "note": c.cleaned["note"]}
    return _save(membership, actor, cleaned, MEMBERSHIP_FIELDS, create=False)


# --- Meetings of party life ------------------------------------------------------------------------

MEETING_FIELDS = ("branch", "kind", "held_on", "topic", "place", "minutes", "note")
BRANCH_ONLY = {MeetingKind.ASSEMBLY, MeetingKind.COMMITTEE, MeetingKind.LIFE, MeetingKind.REVIEW}


def _tree(branch) -> set[int]:
    """The branch with its groups, or the group with its branch: whose members may attend."""
    root = branch.parent_id or branch.pk
    return {root, *PartyBranch.objects.filter(parent_id=root).values_list("pk", flat=True)}


def _attendees(committee, branch, day, values, cleaner):
    if values is None:
        return []
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        cleaner.error("attendees", _("参加党员选择有误。"))
        return []
    ids = [_pk(v) for v in values]
    if None in ids:
        cleaner.error("attendees", _("参加党员选择有误。"))
        return []
    ids = list(dict.fromkeys(ids))
    if not ids or branch is None or day is None:
        return []
    qs = BranchMembership.objects.filter(BranchMembership.existing_on(day), committee=committee, pk__in=ids)
    found = list(qs.filter(branch_id__in=_tree(branch)))
    if len(found) != len(ids):
        cleaner.error("attendees", _("只能选择会议当日在本支部（及其党小组）的党员。"))
        return []
    return found


def _clean_meeting(committee, data, instance=None):
    c = Cleaner(data, instance)
    raw = data.get("branch", instance.branch_id if instance else None)
    branch = _branch_of(committee, raw, c)
    c.cleaned["branch"] = branch
    kind = c.choice("kind", MeetingKind)
    day = c.date("held_on", required=True)
    c.text("topic", 200, required=True)
    c.text("place", 100)
    c.text("minutes", 20000)
    c.text("note", 5000)
    if branch is not None and kind:
        if kind == MeetingKind.GROUP and branch.kind != BranchKind.GROUP:
            c.error("branch", _("党小组会请选择党小组。"))
        if kind in BRANCH_ONLY and branch.kind != BranchKind.BRANCH:
            c.error("branch", _("%(k)s请选择党支部。") % {"k": MeetingKind(kind).label})
    if branch is not None and day and not branch.exists_on(day):
        c.error("held_on", _("会议当日该党支部（党小组）不在设。"))
    if "attendees" in data or instance is None:
        c.cleaned["attendees"] = _attendees(committee, branch, day, data.get("attendees"), c)
    elif branch is not None and day and not c.errors:
        # the branch or the date changed: those recorded must still fit
        kept = [m.pk for m in instance.attendees.all()]
        c.cleaned["attendees"] = _attendees(committee, branch, day, kept, c)
    c.done()
    return c.cleaned


def create_meeting(*, actor, committee, data: dict) -> PartyMeeting:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_meeting(committee, data)
    obj = PartyMeeting(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, MEETING_FIELDS, create=True, m2m={"attendees": cleaned["attendees"]})


def update_meeting(*, actor, meeting: PartyMeeting, data: dict) -> PartyMeeting:
    require_manage(actor, meeting.committee_id)
    cleaned = _clean_meeting(meeting.committee, data, instance=meeting)
    return _save(meeting, actor, cleaned, MEETING_FIELDS, create=False, m2m={"attendees": cleaned.get("attendees")})


# --- Heart-to-heart talks ------------------------------------------------------------------------

TALK_FIELDS = ("talked_on", "talker", "talkee", "topic", "summary", "confidential_note")


def _clean_talk(data, instance=None):
    c = Cleaner(data, instance)
    c.date("talked_on", required=True)
    c.text("talker", 50, required=True)
    c.text("talkee", 50, required=True)
    c.text("topic", 200, required=True)
    c.text("summary", 5000)
    c.text("confidential_note", 5000)
    if c.cleaned.get("talker") and c.cleaned.get("talker") == c.cleaned.get("talkee"):
        c.error("talkee", _("谈话人与谈话对象不能是同一人。"))
    c.done()
    return c.cleaned


def create_talk(*, actor, committee, data: dict) -> Talk:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_talk(data)
    return _save(Talk(committee=committee, created_by=actor), actor, cleaned, TALK_FIELDS, create=True)


def update_talk(*, actor, talk: Talk, data: dict) -> Talk:
    require_manage(actor, talk.committee_id)
    cleaned = _clean_talk(data, instance=talk)
    return _save(talk, actor, cleaned, TALK_FIELDS, create=False)


# --- 两个全覆盖: pairs and their contacts ----------------------------------------------------------

LEADERSHIP = {MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL}
PAIR_TAKEN = {"contacted": [_("本届已有同一联系人与联系对象的结对。")]}


def _pair_available(user, pair):
    return manages(user, pair)


P = PairState
PAIR_FLOW = Workflow(
    rules=[
        Rule("end", [P.ACTIVE], P.ENDED, _pair_available, None, gettext_lazy("结束结对")),
        Rule("resume", [P.ENDED], P.ACTIVE, _pair_available, None, gettext_lazy("恢复结对")),
    ]
)
PAIR_FIELDS = ("term", "kind", "contactor", "contacted", "assigned_on", "note")


def _seat(term, value, field, cleaner):
    pk = _pk(value)
    if pk is None:
        cleaner.error(field, _("必填。") if value in (None, "") else _("委员选择有误。"))
        return None
    seat = Membership.objects.select_related("member", "party").filter(term=term, member_id=pk).first()
    if seat is None:
        cleaner.error(field, _("只能选择本届的委员。"))
    return seat


def _is_cpc(seat) -> bool:
    return seat.party_id is not None and seat.party.kind == PartyKind.CPC


def _clean_pair(committee, data, instance=None):
    c = Cleaner(data, instance)
    kind = c.choice("kind", PairKind)
    term_pk = _pk(data.get("term", instance.term_id if instance else None))
    term = Term.objects.filter(pk=term_pk, committee=committee).first() if term_pk else None
    if term is None:
        c.error("term", _("请选择本委员会的届次。"))
    c.cleaned["term"] = term
    day = c.date("assigned_on", required=True)
    c.text("note", 5000)
    if instance is not None:
        c.cleaned["contactor"], c.cleaned["contacted"] = instance.contactor, instance.contacted
        contactor = _pk(data.get("contactor", instance.contactor_id))
        contacted = _pk(data.get("contacted", instance.contacted_id))
        if (contactor, contacted) != (instance.contactor_id, instance.contacted_id):
            c.error("contactor", _("结对的双方不能修改；请结束此结对，另建新的结对。"))
        if kind != instance.kind:
            c.error("kind", _("结对的类别不能修改。"))
    elif term is not None:
        mine = _seat(term, data.get("contactor"), "contactor", c)
        theirs = _seat(term, data.get("contacted"), "contacted", c)
        c.cleaned["contactor"] = mine.member if mine else None
        c.cleaned["contacted"] = theirs.member if theirs else None
        if mine and theirs and mine.member_id == theirs.member_id:
            c.error("contacted", _("联系人与联系对象不能是同一人。"))
        elif mine and theirs and kind == PairKind.GROUP_TO_PARTY:
            if not (_is_cpc(mine) and mine.role in LEADERSHIP):
                c.error("contactor", _("联系人须为党组成员（中共党员的主席、副主席、秘书长）。"))
            if not _is_cpc(theirs):
                c.error("contacted", _("联系对象须为中共党员委员。"))
        elif mine and theirs and kind == PairKind.PARTY_TO_NON_PARTY:
            if not _is_cpc(mine):
                c.error("contactor", _("联系人须为中共党员委员。"))
            if _is_cpc(theirs):
                c.error("contacted", _("联系对象须为党外委员。"))
    if term is not None and day and (day < term.start_date or (term.end_date and day > term.end_date)):
        c.error("assigned_on", _("结对日期须在该届任期内。"))
    if instance is not None and day:
        first = instance.contacts.order_by("contacted_on").values_list("contacted_on", flat=True).first()
        if first and first < day:
            c.error("assigned_on", _("已有早于该日期的联系记录（%(d)s）。") % {"d": first})
    c.done()
    return c.cleaned


def create_pair(*, actor, committee, data: dict) -> CoveragePair:
    """The office assigns a pair for a term."""
    committee = resolve_committee(actor, committee)
    cleaned = _clean_pair(committee, data)
    obj = CoveragePair(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, PAIR_FIELDS, create=True, taken=PAIR_TAKEN)


def update_pair(*, actor, pair: CoveragePair, data: dict) -> CoveragePair:
    require_manage(actor, pair.committee_id)
    cleaned = _clean_pair(pair.committee, data, instance=pair)
    return _save(pair, actor, cleaned, PAIR_FIELDS, create=False, taken=PAIR_TAKEN)


def end_pair(*, actor, pair: CoveragePair, data: dict) -> CoveragePair:
    """结束结对 on a day (a member left, the office reassigned): no contacts after it."""
    require_manage(actor, pair.committee_id)
    PAIR_FLOW.rule_for(pair, "end")
    c = Cleaner(data)
    day = c.date("ended_on", required=True)
    note = c.text("note", 500)
    if day and day < pair.assigned_on:
        c.error("ended_on", _("结束日期不能早于结对日期。"))
    last = pair.contacts.order_by("-contacted_on").values_list("contacted_on", flat=True).first()
    if day and last and last > day:
        c.error("ended_on", _("已有晚于该日期的联系记录（%(d)s）。") % {"d": last})
    c.done()

    def apply(obj):
        obj.ended_on = day

    with transaction.atomic():
        PAIR_FLOW.perform(pair, "end", actor=actor, note=note, apply=apply)
        registry.sync_derived(pair)
    return pair


def resume_pair(*, actor, pair: CoveragePair, data: dict) -> CoveragePair:
    require_manage(actor, pair.committee_id)
    PAIR_FLOW.rule_for(pair, "resume")
    c = Cleaner(data)
    note = c.text("note", 500, required=True)
    c.done()

    def apply(obj):
        obj.ended_on = None

    with transaction.atomic():
        PAIR_FLOW.perform(pair, "resume", actor=actor, note=note, apply=apply)
        registry.sync_derived(pair)
    return pair


CONTACT_FIELDS = ("contacted_on", "way", "content")


def _clean_contact(pair, data, instance=None):
    c = Cleaner(data, instance)
    day = c.date("contacted_on", required=True)
    c.choice("way", ContactWay)
    c.text("content", 5000, required=True)
    if day and day < pair.assigned_on:
        c.error("contacted_on", _("联系日期不能早于结对日期（%(d)s）。") % {"d": pair.assigned_on})
    if day and pair.ended_on and day > pair.ended_on:
        c.error("contacted_on", _("联系日期不能晚于结对结束日期（%(d)s）。") % {"d": pair.ended_on})
    c.done()
    return c.cleaned


def record_contact(*, actor, pair: CoveragePair, data: dict) -> Contact:
    """记录联系: one contact within a pair in force."""
    require_manage(actor, pair.committee_id)
    cleaned = _clean_contact(pair, data)
    obj = Contact(committee_id=pair.committee_id, pair=pair, created_by=actor)
    return _save(obj, actor, cleaned, CONTACT_FIELDS, create=True)


def update_contact(*, actor, contact: Contact, data: dict) -> Contact:
    require_manage(actor, contact.committee_id)
    cleaned = _clean_contact(contact.pair, data, instance=contact)
    return _save(contact, actor, cleaned, CONTACT_FIELDS, create=False)
