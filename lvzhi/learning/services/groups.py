"""Reading groups (读书群组): the office opens one around a book with a schedule; members of the
committee join, leave and post to its discussion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.learning.choices import GroupState, MaterialKind, MaterialState
from lvzhi.learning.models import GroupMember, GroupPost, ReadingGroup, ReadingSession, StudyMaterial
from lvzhi.learning.services.common import can_manage, require_manage, require_seat

MAX_POST = 5000


def _office(user, group) -> bool:
    return can_manage(user, group.committee_id)


GROUP_FLOW = Workflow(
    field="state",
    rules=[
        Rule("close", sources=[GroupState.OPEN], target=GroupState.CLOSED, allowed=_office, label="结束"),
        Rule("reopen", sources=[GroupState.CLOSED], target=GroupState.OPEN, allowed=_office, label="重新开放"),
    ],
)


def _book(committee, value, clean):
    text = str(value or "").strip()
    book = None
    if as_id(text):
        book = StudyMaterial.objects.filter(
            pk=as_id(text), committee=committee, kind=MaterialKind.BOOK, state=MaterialState.PUBLISHED
        ).first()
    if book is None:
        clean.error("book", _("请选择本委员会已发布的书籍。"))
    return book


def _clean_sessions(clean, rows):
    out = []
    for i, row in enumerate(rows or []):
        row = row if isinstance(row, dict) else {}
        inner = Cleaner(row)
        day = inner.date("date", required=True)
        chapters = inner.text("chapters", required=True, max_length=200, label=_("章节"))
        note = inner.text("note", max_length=500)
        for name, messages in inner.errors.items():
            for m in messages:
                clean.error(f"sessions.{i}.{name}", m)
        out.append((day, chapters, note))
    return out


@transaction.atomic
def create_group(*, actor, committee, name, book, description="", sessions=None) -> ReadingGroup:
    require_manage(actor, committee)
    clean = Cleaner({"name": name, "description": description})
    name = clean.text("name", required=True, max_length=100, label=_("群组名称"))
    description = clean.text("description", max_length=5000, label=_("简介"))
    book = _book(committee, getattr(book, "pk", book), clean)
    rows = _clean_sessions(clean, sessions)
    clean.done()
    group = ReadingGroup.objects.create(
        committee=committee, name=name, book=book, description=description, created_by=actor
    )
    ReadingSession.objects.bulk_create([ReadingSession(group=group, date=d, chapters=c, note=n) for d, c, n in rows])
    audit.record(
        "learning_group.create", actor=actor, obj=group, after={**audit.snapshot(group), "sessions": len(rows)}
    )
    return group


@transaction.atomic
def schedule_session(*, actor, group, date, chapters, note="") -> ReadingSession:
    require_manage(actor, group.committee)
    if group.state != GroupState.OPEN:
        raise IllegalTransition(_("群组已结束。"))
    clean = Cleaner()
    ((day, chapters, note),) = _clean_sessions(clean, [{"date": date, "chapters": chapters, "note": note}])
    if clean.errors:
        raise Invalid(errors={k.split(".", 2)[2]: v for k, v in clean.errors.items()})
    session = ReadingSession.objects.create(group=group, date=day, chapters=chapters, note=note)
    audit.record(
        "learning_session.create", actor=actor, obj=session, committee=group.committee, after=audit.snapshot(session)
    )
    return session


def _require_open(group):
    if group.state != GroupState.OPEN:
        raise IllegalTransition(_("群组已结束。"))


@transaction.atomic
def join_group(*, actor, group) -> GroupMember:
    require_seat(actor, group.committee)
    _require_open(group)
    if GroupMember.objects.filter(group=group, member_id=actor.member_id).exists():
        raise IllegalTransition(_("您已在群组中。"))
    seat = GroupMember.objects.create(group=group, member_id=actor.member_id, joined_at=timezone.now())
    audit.record("learning_group.join", actor=actor, obj=group, after={"member": actor.member_id})
    return seat


@transaction.atomic
def leave_group(*, actor, group) -> None:
    require_seat(actor, group.committee)
    seat = GroupMember.objects.filter(group=group, member_id=actor.member_id).first()
    if seat is None:
        raise IllegalTransition(_("您不在群组中。"))
    seat.delete()
    audit.record("learning_group.leave", actor=actor, obj=group, before={"member": actor.member_id})


def is_in_group(user, group) -> bool:
    return (
        bool(getattr(user, "member_id", None))
        and GroupMember.objects.filter(group=group, member_id=user.member_id).exists()
    )


@transaction.atomic
def post_to_group(*, actor, group, text) -> GroupPost:
    """A group member (or the office) posts to the discussion of an open group."""
    office = _office(actor, group)
    if not office:
        require_seat(actor, group.committee)
        if not is_in_group(actor, group):
            raise Forbidden(_("请先加入群组再发言。"))
    _require_open(group)
    clean = Cleaner({"text": text})
    text = clean.text("text", required=True, max_length=MAX_POST, label=_("发言"))
    clean.done()
    post = GroupPost.objects.create(
        group=group,
        author=actor,
        member_id=actor.member_id if not office else None,
        text=text,
        created_at=timezone.now(),
    )
    audit.record("learning_post.create", actor=actor, obj=post, committee=group.committee, after={"text": text})
    return post


def close_group(*, actor, group, note="") -> ReadingGroup:
    GROUP_FLOW.perform(group, "close", actor=actor, note=note)
    return group


def reopen_group(*, actor, group, note="") -> ReadingGroup:
    GROUP_FLOW.perform(group, "reopen", actor=actor, note=note)
    return group
