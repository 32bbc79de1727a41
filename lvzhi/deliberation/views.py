"""The deliberation pages: the topic list (members: addressed to me; the office: its committees, with
xlsx), the topic's page (background, files, the thread, posting and replying, moderation, the
workflow's actions, the outcome and the timeline), the office's topic form, and the figures."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.actions import success_message
from lvzhi.core.errors import Invalid, NotFound, ServiceError
from lvzhi.core.exports import Column, choice_label
from lvzhi.core.figure_pages import FigurePage, figure_page
from lvzhi.core.forms import apply_service_error
from lvzhi.core.listing import Column as ListColumn
from lvzhi.core.listing import Listing
from lvzhi.core.scope import active_committee_ids, committee_ids, form_committee
from lvzhi.core.workflow import timeline
from lvzhi.deliberation import selectors, services
from lvzhi.deliberation.actions import TOPIC_ACTIONS
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.figures import FIGURES
from lvzhi.deliberation.forms import HidePostForm, PostEditForm, PostForm, TopicForm
from lvzhi.deliberation.models import Post, Topic
from lvzhi.org.models import Committee, Member

PAGE_SIZE = 30
PAGE_ACTIONS = ("open", "close", "distil", "propose", "report", "attach")  # hide-post sits on each post


def participant_required(view):
    """The office and leaders, and members (403 for anyone else: units, administrators)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (services.can_read(request.user) or services.is_member_user(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def reader_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _message(exc: ServiceError) -> str:
    return "；".join([str(exc.message), *[str(m) for v in exc.errors.values() for m in v]])


def get_topic(request, pk) -> Topic:
    topic = Topic.objects.visible_to(request.user).select_related("committee").filter(pk=pk).first()
    if topic is None:
        raise NotFound()
    return topic


def _managed_committees(request):
    ids = [pk for pk in active_committee_ids(request) if services.can_manage(request.user, pk)]
    return Committee.objects.filter(id__in=ids).order_by("path")


COLUMNS = [
    Column(_("委员会"), lambda t: t.committee.short_name, 12),
    Column(_("议题"), lambda t: t.title, 40),
    Column(_("开始日期"), lambda t: t.opens_on.isoformat(), 12),
    Column(_("截止日期"), lambda t: t.closes_on.isoformat(), 12),
    Column(_("范围"), lambda t: choice_label(t, "audience"), 14),
    Column(_("发言"), lambda t: t.post_count, 8),
    Column(_("状态"), lambda t: choice_label(t, "state"), 10),
]


TOPICS = Listing(
    key="deliberation.topics",
    columns=(
        ListColumn(_("开始日期"), "opens", order=("opens_on",)),
        ListColumn(_("截止日期"), "closes", order=("closes_on",)),
        ListColumn(_("议题"), "title"),
        ListColumn(_("发言"), "posts", order=("post_count",)),
    ),
    default_sort="-opens",
    page_size=PAGE_SIZE,
    page_sizes=tuple(sorted({PAGE_SIZE, 50, 100})),
    export_name="网络议政议题",
    export_columns=tuple(COLUMNS),
)


@participant_required
def topic_list(request):
    office = services.can_read(request.user)
    qs = selectors.topic_list(
        request.user, request.GET, committee_scope=active_committee_ids(request) if office else None
    )
    if request.GET.get("export") == "xlsx" and not office:
        raise PermissionDenied
    filters = {k: v for k, v in request.GET.items() if k not in ("export", "sort")}
    listing = TOPICS.run(request, qs, filters=filters)
    if listing.response:
        return listing.response
    return render(
        request,
        "deliberation/list.html",
        {
            "listing": listing,
            "page": listing.page,
            "office": office,
            "may_create": _managed_committees(request).exists(),
            "states": TopicState.choices,
            "filters": {k: request.GET.get(k, "") for k in ("q", "state", "committee", "mine")},
            "committees": Committee.objects.filter(id__in=committee_ids(request.user)).order_by("path")
            if office
            else [],
            "today": timezone.localdate(),
        },
    )


def _topic_form(request, topic=None):
    committees = _managed_committees(request)
    if topic is None:  # a new topic's committee is chosen above the form: the user's own by default
        committee = form_committee(request, committees)
        if committee is None:
            raise PermissionDenied
    initial = None
    if topic is not None:
        initial = {f: getattr(topic, f) for f in ("title", "background", "opens_on", "closes_on", "anonymous")}
        initial |= {"audience": topic.audience, "include_lower": topic.include_lower, "roles": topic.role_list}
        for name in ("sectors", "special_committees", "parties", "studios", "members"):
            initial[name] = list(getattr(topic, name).values_list("pk", flat=True))
    return TopicForm(
        request.POST or None,
        request.FILES or None,
        committees=None if topic else committees,
        committee=topic.committee if topic else committee,
        initial=initial,
    )


def _form_data(form) -> tuple[dict, list]:
    data = dict(form.cleaned_data)
    upload = data.pop("file", None)
    for name in ("sectors", "special_committees", "parties", "studios", "members"):
        data[name] = [obj.pk for obj in data.get(name) or []]
    return data, [upload] if upload else []


@reader_required
def topic_create(request):
    form = _topic_form(request)
    if request.method == "POST" and form.is_valid():
        data, uploads = _form_data(form)
        committee = data.pop("committee")
        try:
            topic = services.create_topic(actor=request.user, committee=committee, data=data, uploads=uploads)
            messages.success(request, _("议题已保存为草稿，发布后委员即可发言。"))
            return redirect("deliberation:detail", topic.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "deliberation/form.html", {"form": form, "title": _("新建议题")})


@reader_required
def topic_edit(request, pk):
    topic = get_topic(request, pk)
    if not services.can_manage(request.user, topic.committee_id):
        raise PermissionDenied
    form = _topic_form(request, topic)
    if request.method == "POST" and form.is_valid():
        data, uploads = _form_data(form)
        try:
            services.update_topic(actor=request.user, topic=topic, data=data, uploads=uploads)
            messages.success(request, _("已保存。"))
            return redirect("deliberation:detail", topic.pk)
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "deliberation/form.html", {"form": form, "title": _("修改议题"), "topic": topic})


@participant_required
def topic_detail(request, pk):
    topic = get_topic(request, pk)
    user = request.user
    manages = services.can_manage(user, topic.committee_id)
    outcome = getattr(topic, "outcome", None) if topic.state == TopicState.DISTILLED else None
    may_post = services.accepts_posts(topic) and services.is_addressed(user, topic)
    actions = [a for a in TOPIC_ACTIONS.for_user(topic, user) if a.name in PAGE_ACTIONS]
    posts = selectors.thread(topic, user)
    edit_until = timezone.now() - services.EDIT_WINDOW
    return render(
        request,
        "deliberation/detail.html",
        {
            "topic": topic,
            "manages": manages,
            "office": services.can_read(user),
            "thread": posts,
            "may_post": may_post,
            "may_hide": manages and topic.state != TopicState.DRAFT,
            "editable_after": edit_until if services.accepts_posts(topic) else None,
            "post_form": PostForm() if may_post else None,
            "hide_form": HidePostForm(),
            "files": list(topic.attachments.all()),
            "outcome": outcome,
            "outcome_posts": set(outcome.posts.values_list("pk", flat=True)) if outcome else set(),
            "action_forms": [(a, a.build_form(topic, user)) for a in actions],
            "timeline": timeline(topic),
            "editable": manages and topic.state in (TopicState.DRAFT, TopicState.OPEN),
        },
    )


@participant_required
@require_POST
def topic_action(request, pk, action):
    """One step of the topic's action table, from its form on the topic's page."""
    topic = get_topic(request, pk)
    step = TOPIC_ACTIONS.get(action)
    if not step.available(request.user, topic):
        raise NotFound()
    form = step.build_form(topic, request.user, request.POST, request.FILES)
    try:
        if form is not None and not form.is_valid():
            raise Invalid(errors={field: list(errors) for field, errors in form.errors.items()})
        step.run(request.user, topic, dict(form.cleaned_data) if form is not None else {})
        messages.success(request, success_message(step, topic))
    except ServiceError as exc:
        messages.error(request, _message(exc))
    return redirect("deliberation:detail", topic.pk)


@participant_required
@require_POST
def post_create(request, pk):
    topic = get_topic(request, pk)
    form = PostForm(request.POST)
    anchor = ""
    try:
        if not form.is_valid():
            raise Invalid(errors={field: list(errors) for field, errors in form.errors.items()})
        post = services.create_post(
            actor=request.user, topic=topic, text=form.cleaned_data["text"], parent=form.cleaned_data.get("parent")
        )
        anchor = f"#post-{post.pk}"
        messages.success(request, _("回复已发表。") if post.parent_id else _("意见已发表。"))
    except ServiceError as exc:
        messages.error(request, _message(exc))
    return redirect(reverse("deliberation:detail", args=[topic.pk]) + anchor)


def _own_post(request, pk) -> Post:
    post = Post.objects.visible_to(request.user).select_related("topic").filter(pk=pk).first()
    if post is None:
        raise NotFound()
    return post


@participant_required
def post_edit(request, pk):
    post = _own_post(request, pk)
    form = PostEditForm(request.POST or None, initial={"text": post.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(actor=request.user, post=post, text=form.cleaned_data["text"])
            messages.success(request, _("已保存。"))
            return redirect(reverse("deliberation:detail", args=[post.topic_id]) + f"#post-{post.pk}")
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(request, "deliberation/post_form.html", {"form": form, "post": post, "topic": post.topic})


@participant_required
@require_POST
def post_delete(request, pk):
    post = _own_post(request, pk)
    try:
        services.delete_post(actor=request.user, post=post)
        messages.success(request, _("发言已撤回。"))
    except ServiceError as exc:
        messages.error(request, _message(exc))
    return redirect("deliberation:detail", post.topic_id)


@participant_required
def topic_file(request, pk, file_id):
    """A background file, for whoever sees the topic (core's download view serves only the office)."""
    topic = get_topic(request, pk)
    attachment = topic.attachments.filter(pk=file_id).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@reader_required
@require_POST
def file_remove(request, pk, file_id):
    topic = get_topic(request, pk)
    try:
        services.remove_topic_attachment(actor=request.user, topic=topic, attachment_id=file_id)
        messages.success(request, _("背景文件已移除。"))
    except ServiceError as exc:
        messages.error(request, _message(exc))
    return redirect("deliberation:detail", topic.pk)


def _record_row(obj):
    if isinstance(obj, Topic):
        return {"url": reverse("deliberation:detail", args=[obj.pk]), "text": obj.title, "when": obj.opens_on}
    if isinstance(obj, Post):
        url = reverse("deliberation:detail", args=[obj.topic_id]) + f"#post-{obj.pk}"
        return {"url": url, "text": f"{obj.member.name}：{obj.text[:60]}", "when": obj.created_at}
    if isinstance(obj, Member):
        return {"url": reverse("org:member_detail", args=[obj.pk]), "text": obj.name, "when": None}
    return {"url": reverse("deliberation:detail", args=[obj.topic_id]), "text": obj.topic.title, "when": obj.created_at}


FIGURE_PAGE = FigurePage(
    figures=FIGURES,
    template="deliberation/figures.html",
    records_template="deliberation/figure_records.html",
    row=_record_row,
    default_scope="tree",
    default_period="year",
    name_the_year=True,
    page_size=PAGE_SIZE,
    related=("member", "topic"),
)


@reader_required
def figures(request):
    return figure_page(request, FIGURE_PAGE)
