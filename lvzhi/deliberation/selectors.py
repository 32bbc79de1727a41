"""Reads of online deliberation: the topic list (one filter for the page, its xlsx and the API) and a
topic's thread with each author's name as this reader may see it."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic, reads_office


def topic_list(user, params: dict, *, committee_scope=None):
    """The topics this user sees (the office: its committees; a member: those addressed to them),
    filtered by `q`, `state`, `committee` (id or code) and `mine` (topics I posted in), newest first,
    with the number of posts this reader can see and whether they have posted."""
    qs = Topic.objects.visible_to(user).select_related("committee")
    office = reads_office(user)
    if committee_scope is not None and office:
        qs = qs.filter(committee_id__in=committee_scope)
    counted = Q() if office else Q(posts__hidden=False)
    qs = qs.annotate(post_count=Count("posts", filter=counted))
    member_id = getattr(user, "member_id", None)
    if member_id:
        qs = qs.annotate(posted=Exists(Post.objects.filter(topic=OuterRef("pk"), member_id=member_id)))
    q = str(params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(title__icontains=q)
    state = str(params.get("state") or "")
    if state in TopicState.values:
        qs = qs.filter(state=state)
    named = str(params.get("committee") or "").strip()
    if named:
        chosen = committee_named(named, committee_ids(user))
        qs = qs.filter(committee=chosen) if chosen else qs.none()
    if str(params.get("mine") or "").lower() in ("1", "true", "on") and member_id:
        qs = qs.filter(posted=True)
    return qs.order_by("-opens_on", "-id")


@dataclass
class Entry:
    """A post as this reader sees it."""

    post: Post
    author: str
    mine: bool
    show_member: bool
    replies: list = field(default_factory=list)

    @property
    def member_id(self):
        return self.post.member_id if self.show_member else None


def thread(topic: Topic, user) -> list[Entry]:
    """The topic's opinions, oldest first, each with its replies. A member never sees a hidden post
    (nor the replies under it); the office sees them marked hidden. On an anonymous topic other members
    read "委员 1, 2 …" (numbered by first post) — the office and the author themselves see names."""
    office = reads_office(user)
    posts = Post.objects.filter(topic=topic).select_related("member")
    if not office:
        posts = posts.filter(hidden=False)
    replies = Prefetch("replies", queryset=posts.order_by("created_at", "id"), to_attr="visible_replies")
    roots = list(posts.filter(parent__isnull=True).prefetch_related(replies).order_by("created_at", "id"))
    numbers: dict[int, int] = {}
    every = sorted([p for r in roots for p in [r, *r.visible_replies]], key=lambda p: (p.created_at, p.pk))
    for p in every:
        numbers.setdefault(p.member_id, len(numbers) + 1)
    me = getattr(user, "member_id", None)

    def entry(p):
        mine = me is not None and p.member_id == me
        named = office or mine or not topic.anonymous
        author = p.member.name if named else _("委员 %(n)s") % {"n": numbers[p.member_id]}
        return Entry(p, author, mine, named)

    result = []
    for root in roots:
        item = entry(root)
        item.replies = [entry(r) for r in root.visible_replies]
        result.append(item)
    return result
