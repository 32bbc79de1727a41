"""Posting: members in a topic's audience post opinions and reply to each other while it is open;
each may change or take back their own post within `EDIT_WINDOW`; the office hides a post with a
reason (kept in the audit log and on the post)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.models import User
from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic
from lvzhi.deliberation.services.base import (
    EDIT_WINDOW,
    TEXT_MAX,
    accepts_posts,
    is_addressed,
    require_manage,
)

POST_FIELDS = ("topic", "parent", "member", "text", "hidden", "hidden_reason", "created_at", "edited_at")


def _text(value) -> str:
    clean = Cleaner({"text": value})
    text = clean.text("text", required=True, max_length=TEXT_MAX, label=_("内容"))
    clean.done()
    return text


def _must_accept(topic) -> None:
    if not accepts_posts(topic):
        raise IllegalTransition(_("该议题不在征集期内，不能发言。"))


def _parent_of(topic, value):
    """The top-level post a reply answers: a reply to a reply answers its parent (one level)."""
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    text = str(pk).strip()
    found = Post.objects.filter(topic=topic, hidden=False, pk=as_id(text)).first() if as_id(text) else None
    if found is None:
        raise Invalid(errors={"parent": [_("要回复的意见不存在。")]})
    if found.parent_id:
        found = Post.objects.get(pk=found.parent_id)
    return found


@transaction.atomic
def create_post(*, actor, topic: Topic, text, parent=None) -> Post:
    """A member of the topic's audience posts an opinion (or replies to one) while it is open."""
    if not is_addressed(actor, topic):
        raise Forbidden(_("只有议题范围内的委员可以发言。"))
    _must_accept(topic)
    body = _text(text)
    answered = _parent_of(topic, parent)
    post = Post.objects.create(
        committee_id=topic.committee_id, topic=topic, parent=answered, member_id=actor.member_id, text=body
    )
    audit.record("deliberation.post.create", actor=actor, obj=post, after=audit.snapshot(post, POST_FIELDS))
    registry.sync_derived(post)
    if answered is not None and answered.member_id != actor.member_id:
        notify(
            User.objects.filter(member_id=answered.member_id, is_active=True),
            title=_("有委员回复了您在“%(t)s”中的意见") % {"t": topic.title},
            url=reverse("deliberation:detail", args=[topic.pk]) + f"#post-{answered.pk}",
            committee=topic.committee,
            kind="deliberation.reply",
        )
    return post


def _own_and_recent(actor, post) -> None:
    if not (getattr(actor, "member_id", None) and actor.member_id == post.member_id):
        raise Forbidden(_("只能修改自己的发言。"))
    if post.hidden:
        raise IllegalTransition(_("该发言已被屏蔽。"))
    if timezone.now() - post.created_at > EDIT_WINDOW:
        raise IllegalTransition(
            _("发言超过 %(n)s 分钟后不能修改或撤回。") % {"n": int(EDIT_WINDOW.total_seconds() // 60)}
        )
    _must_accept(post.topic)


@transaction.atomic
def edit_post(*, actor, post: Post, text) -> Post:
    """The author changes their post within the edit window while the topic is open."""
    _own_and_recent(actor, post)
    body = _text(text)
    before = audit.snapshot(post, POST_FIELDS)
    post.text = body
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "edited_at"])
    audit.record(
        "deliberation.post.update", actor=actor, obj=post, before=before, after=audit.snapshot(post, POST_FIELDS)
    )
    return post


@transaction.atomic
def delete_post(*, actor, post: Post) -> None:
    """The author takes back their post within the edit window, if nobody has replied to it."""
    _own_and_recent(actor, post)
    if post.replies.exists():
        raise IllegalTransition(_("已有委员回复，不能撤回。"))
    before = audit.snapshot(post, POST_FIELDS)
    pk = post.pk
    audit.record("deliberation.post.delete", actor=actor, obj=post, before=before)
    post.delete()
    post.pk = pk  # the duty ledger drops what this post gave
    registry.sync_derived(post)


@transaction.atomic
def hide_post(*, actor, topic: Topic, post, reason) -> Post:
    """The office hides a post (and so its replies from members) with a reason; members no longer
    see it, the office sees it marked hidden, and its author is told why."""
    require_manage(actor, topic.committee)
    if topic.state == TopicState.DRAFT:
        raise IllegalTransition(_("草稿议题没有发言。"))
    pk = str(getattr(post, "pk", post) or "").strip()
    found = Post.objects.filter(topic=topic, pk=as_id(pk)).first() if as_id(pk) else None
    clean = Cleaner({"reason": reason})
    why = clean.text("reason", required=True, max_length=500, label=_("屏蔽理由"))
    if found is None:
        clean.error("post", _("该议题没有这条发言。"))
    clean.done()
    if found.hidden:
        raise IllegalTransition(_("该发言已被屏蔽。"))
    before = audit.snapshot(found, POST_FIELDS)
    found.hidden, found.hidden_reason, found.hidden_by, found.hidden_at = True, why, actor, timezone.now()
    found.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit.record("deliberation.post.hide", actor=actor, obj=found, before=before,
                 after=audit.snapshot(found, POST_FIELDS), note=why)  # fmt: skip
    registry.sync_derived(found)
    notify(
        User.objects.filter(member_id=found.member_id, is_active=True),
        title=_("您在“%(t)s”中的一条发言已被屏蔽") % {"t": topic.title},
        body=_("理由：%(r)s") % {"r": why},
        url=reverse("deliberation:detail", args=[topic.pk]),
        committee=topic.committee,
        kind="deliberation.moderated",
    )
    return found
