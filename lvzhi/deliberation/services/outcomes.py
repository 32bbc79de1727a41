"""Distilling a closed topic into its outcome (a summary and the posts it draws on), and what the
outcome may become, each once: a proposal draft with the contributors as co-proposers (who confirm),
an opinion report credited to them, or an outcome of an activity. The other modules do the writing,
through the operations they provide in the registry."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner, as_id
from lvzhi.core.errors import IllegalTransition, Invalid
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic, TopicOutcome
from lvzhi.deliberation.services.base import TOPIC_FLOW, require_manage

DRAFT_PROPOSAL = "proposals.draft_from_deliberation"
REPORT = "opinions.report_from_deliberation"
ACTIVITY_OUTCOME = "activities.outcome_from_deliberation"


def _post_ids(value) -> list[int]:
    if value in (None, ""):
        return []
    if isinstance(value, (str, int)):
        value = str(value).replace("，", ",").split(",")
    ids = []
    for item in value:
        text = str(getattr(item, "pk", item)).strip()
        ids.append(as_id(text) or -1)
    return ids


@transaction.atomic
def distil_topic(*, actor, topic: Topic, summary, suggestions="", posts=()) -> TopicOutcome:
    """The office writes the outcome of a closed topic: a summary, the main suggestions, and the
    (visible) posts it draws on — at least one."""
    require_manage(actor, topic.committee)
    TOPIC_FLOW.rule_for(topic, "distil")  # 409 before 422: a topic that is not closed is refused as such
    clean = Cleaner({"summary": summary, "suggestions": suggestions})
    text = clean.text("summary", required=True, max_length=20_000, label=_("综述"))
    advice = clean.text("suggestions", max_length=20_000, label=_("主要建议"))
    wanted = _post_ids(posts)
    found = list(Post.objects.filter(topic=topic, hidden=False, pk__in=wanted).values_list("pk", flat=True))
    if not wanted:
        clean.error("posts", _("请至少选择一条所依据的发言。"))
    elif set(wanted) - set(found):
        clean.error("posts", _("只能选择本议题未被屏蔽的发言。"))
    clean.done()
    TOPIC_FLOW.perform(topic, "distil", actor=actor)
    outcome = TopicOutcome.objects.create(
        committee_id=topic.committee_id, topic=topic, summary=text, suggestions=advice, created_by=actor
    )
    outcome.posts.set(found)
    audit.record("deliberation.outcome.create", actor=actor, obj=outcome,
                 after={**audit.snapshot(outcome), "posts": sorted(found)})  # fmt: skip
    return outcome


def contributors(outcome: TopicOutcome) -> list[int]:
    """The members whose selected posts the outcome draws on, in the order they first posted."""
    rows = outcome.posts.order_by("created_at", "id").values_list("member_id", flat=True)
    return list(dict.fromkeys(rows))


def _outcome_of(topic) -> TopicOutcome:
    if topic.state != TopicState.DISTILLED:
        raise IllegalTransition(_("议题尚未形成成果。"))
    return TopicOutcome.objects.select_for_update().get(topic=topic)


def _record(actor, outcome, what: str, field: str, target) -> None:
    setattr(outcome, field, target)
    outcome.save(update_fields=[field])
    audit.record(f"deliberation.outcome.{what}", actor=actor, obj=outcome, after={field: target.pk})


@transaction.atomic
def propose_from_topic(*, actor, topic: Topic, proposer=None, title="") -> TopicOutcome:
    """A proposal draft from the outcome: the proposer (one of the contributors; the first by default)
    and the other contributors as co-proposers, who are asked to confirm."""
    require_manage(actor, topic.committee)
    outcome = _outcome_of(topic)
    if outcome.proposal_id:
        raise IllegalTransition(_("该成果已转为提案。"))
    people = contributors(outcome)
    chosen = people[0] if proposer in (None, "") else _post_ids([proposer])[0]
    if chosen not in people:
        raise Invalid(errors={"proposer": [_("提案人须为成果所依据发言的委员之一。")]})
    clean = Cleaner({"title": title})
    title = clean.text("title", max_length=200, label=_("案由")) or topic.title
    clean.done()
    proposal = registry.provided(DRAFT_PROPOSAL)(
        actor=actor,
        committee=topic.committee,
        title=title,
        situation=outcome.summary,
        suggestions=outcome.suggestions or outcome.summary,
        proposer_id=chosen,
        coproposer_ids=[pk for pk in people if pk != chosen],
    )
    _record(actor, outcome, "to_proposal", "proposal", proposal)
    return outcome


@transaction.atomic
def report_from_topic(*, actor, topic: Topic, title="") -> TopicOutcome:
    """An opinion report from the outcome, credited to the contributors."""
    require_manage(actor, topic.committee)
    outcome = _outcome_of(topic)
    if outcome.report_id:
        raise IllegalTransition(_("该成果已转为社情民意信息。"))
    clean = Cleaner({"title": title})
    title = clean.text("title", max_length=200, label=_("标题")) or topic.title
    clean.done()
    report = registry.provided(REPORT)(
        actor=actor,
        committee=topic.committee,
        title=title,
        content=outcome.summary,
        suggestions=outcome.suggestions,
        member_ids=contributors(outcome),
    )
    _record(actor, outcome, "to_report", "report", report)
    return outcome


@transaction.atomic
def attach_to_activity(*, actor, topic: Topic, activity) -> TopicOutcome:
    """The outcome recorded among an activity's outcomes (a consultation outcome, as a draft)."""
    require_manage(actor, topic.committee)
    outcome = _outcome_of(topic)
    if outcome.activity_outcome_id:
        raise IllegalTransition(_("该成果已纳入活动成果。"))
    body = "\n\n".join(part for part in (outcome.summary, outcome.suggestions) if part)
    record = registry.provided(ACTIVITY_OUTCOME)(
        actor=actor,
        activity_id=getattr(activity, "pk", activity),
        title=topic.title,
        text=body,
        suggestions=outcome.suggestions,
        member_ids=contributors(outcome),
    )
    _record(actor, outcome, "to_activity", "activity_outcome", record)
    return outcome
