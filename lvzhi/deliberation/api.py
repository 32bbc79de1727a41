"""Online deliberation over the API: the same visibility and services as the pages. Members list the
topics addressed to them, read the thread and post; the office (staff with the activities
permission) creates and edits topics and takes the topic's steps (its action table) within scope."""

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from lvzhi.core import batch
from lvzhi.core.actions import mount_api
from lvzhi.core.api import READ_ERRORS, WRITE_ERRORS, Id, PageQuery, get_visible, page_of, paginate
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.scope import active_committee_ids, committee_ids, committee_named
from lvzhi.core.workflow import timeline_steps
from lvzhi.deliberation import selectors, services
from lvzhi.deliberation.actions import TOPIC_ACTIONS
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic
from lvzhi.deliberation.schemas import (
    TopicDetail,
    TopicFilters,
    TopicIn,
    TopicOut,
    TopicPatchIn,
    TopicPostIn,
    TopicPostOut,
    TopicPostPatchIn,
)

router = Router(tags=["deliberation"])


def _require_participant(user) -> None:
    if not (services.can_read(user) or services.is_member_user(user)):
        raise Forbidden()


def load_topic(user, pk) -> Topic:
    _require_participant(user)
    return get_visible(Topic.objects.select_related("committee"), user, pk)


def _summary(topic, count=None) -> dict:
    return {
        "id": topic.pk,
        "committee": topic.committee_id,
        "title": topic.title,
        "opens_on": topic.opens_on,
        "closes_on": topic.closes_on,
        "state": topic.state,
        "anonymous": topic.anonymous,
        "audience": topic.audience,
        "include_lower": topic.include_lower,
        "posts": getattr(topic, "post_count", count) or 0,
    }


def _post_data(entry) -> dict:
    post = entry.post
    return {
        "id": post.pk,
        "parent": post.parent_id,
        "author": str(entry.author),
        "member": entry.member_id,
        "mine": entry.mine,
        "text": post.text,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "hidden": post.hidden,
        "hidden_reason": post.hidden_reason if post.hidden else "",
    }


def detail(topic: Topic, user, *, loaded: bool = False) -> dict:
    if not loaded:  # a GET has just read it (`load_topic`); after an action, its state has moved
        topic = Topic.objects.select_related("committee").get(pk=topic.pk)
    entries = selectors.thread(topic, user)
    thread = [_post_data(e) for root in entries for e in [root, *root.replies]]
    outcome = getattr(topic, "outcome", None) if topic.state == TopicState.DISTILLED else None
    files = [
        {"id": a.pk, "name": a.name, "size": a.size, "url": reverse("deliberation:file", args=[topic.pk, a.pk])}
        for a in topic.attachments.all()
    ]
    return {
        **_summary(topic, len(thread)),
        "background": topic.background,
        **batch.related_keys(topic, ("sectors", "special_committees", "parties", "studios", "members")),
        "roles": topic.role_list,
        "files": files,
        "thread": thread,
        "outcome": None
        if outcome is None
        else {
            "summary": outcome.summary,
            "suggestions": outcome.suggestions,
            "posts": sorted(outcome.posts.values_list("pk", flat=True)),
            "proposal": outcome.proposal_id,
            "report": outcome.report_id,
            "activity_outcome": outcome.activity_outcome_id,
        },
        "accepts_posts": services.accepts_posts(topic),
        "timeline": timeline_steps(topic),
    }


@router.get("/topics/", response={200: page_of(TopicOut), **READ_ERRORS})
def list_topics(request, filters: Query[TopicFilters], paging: PageQuery):
    """Members: the topics addressed to them (published). The office: every topic of its committees."""
    user = request.auth
    _require_participant(user)
    office = services.can_read(user)
    qs = selectors.topic_list(user, filters.dict(), committee_scope=active_committee_ids(request) if office else None)
    page = paginate(qs, paging.page, paging.page_size)
    return {"items": [_summary(t) for t in page["items"]], "count": page["count"]}


@router.post("/topics/", response={201: TopicDetail, **WRITE_ERRORS})
def create_topic(request, payload: TopicIn):
    """A draft topic; publish it with `POST /topics/{id}/open`."""
    user = request.auth
    wanted = payload.committee or str(user.committee_id or "")
    committee = committee_named(wanted, committee_ids(user))
    if committee is None:
        if not services.can_read(user):
            raise Forbidden()
        raise Invalid(errors={"committee": [_("请选择您范围内的委员会。")]})
    topic = services.create_topic(actor=user, committee=committee, data=payload.model_dump(exclude={"committee"}))
    return Status(201, detail(topic, user))


@router.get("/topics/{id}", response={200: TopicDetail, **READ_ERRORS})
def get_topic(request, id: Id):
    """The topic with its thread (hidden posts only for the office) and, once distilled, its outcome."""
    return detail(load_topic(request.auth, id), request.auth, loaded=True)


@router.patch("/topics/{id}", response={200: TopicDetail, **WRITE_ERRORS})
def update_topic(request, id: Id, payload: TopicPatchIn):
    """Edit a draft or open topic: only the fields sent change."""
    topic = load_topic(request.auth, id)
    services.update_topic(actor=request.auth, topic=topic, data=payload.model_dump(exclude_unset=True))
    return detail(topic, request.auth)


@router.post("/topics/{id}/posts", response={201: TopicPostOut, **WRITE_ERRORS})
def create_post(request, id: Id, payload: TopicPostIn):
    """Post an opinion, or with `parent` a reply (to a reply: it answers that reply's opinion)."""
    topic = load_topic(request.auth, id)
    post = services.create_post(actor=request.auth, topic=topic, text=payload.text, parent=payload.parent)
    return Status(201, _own(post, request.auth))


def _own(post, user) -> dict:
    return _post_data(selectors.Entry(post, post.member.name, True, True))


def _load_post(user, topic_id, post_id) -> Post:
    topic = load_topic(user, topic_id)
    post = Post.objects.visible_to(user).filter(topic=topic, pk=post_id).select_related("member", "topic").first()
    if post is None:
        raise NotFound()
    return post


@router.patch("/topics/{id}/posts/{post_id}", response={200: TopicPostOut, **WRITE_ERRORS})
def edit_post(request, id: Id, post_id: Id, payload: TopicPostPatchIn):
    """The author changes their post within 15 minutes of posting, while the topic is open."""
    post = _load_post(request.auth, id, post_id)
    services.edit_post(actor=request.auth, post=post, text=payload.text)
    return _own(post, request.auth)


@router.delete("/topics/{id}/posts/{post_id}", response={204: None, **WRITE_ERRORS})
def delete_post(request, id: Id, post_id: Id):
    """The author takes back their post within 15 minutes, if nobody has replied."""
    post = _load_post(request.auth, id, post_id)
    services.delete_post(actor=request.auth, post=post)
    return Status(204, None)


@router.post("/topics/{id}/files", response={201: TopicDetail, **WRITE_ERRORS}, summary="上传背景文件")
def upload_file(request, id: Id, file: File[UploadedFile]):
    """The office adds a background file (multipart, field `file`) to a draft or open topic: the
    page's upload (PDF, Word, Excel, images or zip, checked by content; at most 10 per topic)."""
    topic = load_topic(request.auth, id)
    services.add_topic_attachment(actor=request.auth, topic=topic, upload=file)
    return Status(201, detail(topic, request.auth))


@router.delete("/topics/{id}/files/{file_id}", response={200: TopicDetail, **WRITE_ERRORS}, summary="移除背景文件")
def remove_file(request, id: Id, file_id: Id):
    """The office removes a background file from a draft or open topic, as on the page."""
    topic = load_topic(request.auth, id)
    services.require_manage(request.auth, topic.committee)
    if not topic.attachments.filter(pk=file_id).exists():
        raise NotFound()
    services.remove_topic_attachment(actor=request.auth, topic=topic, attachment_id=file_id)
    return detail(topic, request.auth)


# `POST /topics/{id}/<action>`: open, close, distil, hide-post, propose, report, attach
mount_api(router, TOPIC_ACTIONS, load=load_topic, out=TopicDetail, render=detail, errors=WRITE_ERRORS, param="id")
