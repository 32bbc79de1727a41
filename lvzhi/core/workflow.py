"""Explicit workflows: one table of allowed transitions and one function that performs them.

A module declares

    PROPOSAL_FLOW = Workflow(
        field="state",
        rules=[
            Rule("submit", sources=["draft"], target="submitted", allowed=is_proposer, label=_("提交")),
            ...
        ],
    )

and performs `PROPOSAL_FLOW.perform(obj, "submit", actor=user, note="")`, which locks the row,
checks the state, the actor and the preconditions, writes the new state, a `Transition` row and an
audit entry, all in one transaction. Anything not in the table is refused with a clear message
and changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.errors import Forbidden, IllegalTransition
from lvzhi.core.models import Transition


@dataclass(frozen=True)
class Rule:
    action: str
    sources: tuple[str, ...]
    target: str
    allowed: Callable = field(default=lambda user, obj: False)
    precondition: Callable | None = None  # (obj) -> error message or None
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources))


class Workflow:
    def __init__(self, *, field: str = "state", rules: list[Rule]):
        self.field = field
        self.rules = {}
        for rule in rules:
            self.rules.setdefault(rule.action, []).append(rule)

    def rule_for(self, obj, action: str) -> Rule:
        state = getattr(obj, self.field)
        rules = self.rules.get(action)
        if not rules:
            raise IllegalTransition(_("未知的操作：%(action)s。") % {"action": action})
        for rule in rules:
            if state in rule.sources:
                return rule
        raise IllegalTransition(
            _("“%(state)s”状态下不能执行“%(action)s”。")
            % {"state": self.state_label(obj), "action": rules[0].label or action}
        )

    def state_label(self, obj) -> str:
        display = getattr(obj, f"get_{self.field}_display", None)
        return str(display()) if display else str(getattr(obj, self.field))

    def actions_for(self, obj, user) -> list[Rule]:
        """The actions this user may take on this object now (for buttons)."""
        state = getattr(obj, self.field)
        return [
            rule for rules in self.rules.values() for rule in rules if state in rule.sources and rule.allowed(user, obj)
        ]

    def perform(self, obj, action: str, *, actor, note: str = "", apply: Callable | None = None) -> Transition:
        """Run one transition. `apply(obj)` may set further fields before the save."""
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            setattr(obj, self.field, getattr(locked, self.field))
            rule = self.rule_for(obj, action)
            if not rule.allowed(actor, obj):
                raise Forbidden()
            if rule.precondition:
                problem = rule.precondition(obj)
                if problem:
                    raise IllegalTransition(problem)
            source = getattr(obj, self.field)
            setattr(obj, self.field, rule.target)
            if apply:
                apply(obj)
            obj.save()
            return self.record(obj, action, source=source, actor=actor, note=note)

    def record(self, obj, action: str, *, source: str, actor, note: str = "") -> Transition:
        """The `Transition` row and the audit entry of a transition from `source` to the object's
        current state, already written by the caller (`perform`, or a service that moved the row with
        one conditional UPDATE: `UPDATE … WHERE state = <source>`). Call inside the write's transaction."""
        target = getattr(obj, self.field)
        row = Transition.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            committee_id=obj.committee_id,
            action=action,
            from_state=source,
            to_state=target,
            actor=actor if getattr(actor, "pk", None) else None,
            note=note,
        )
        audit.record(
            f"transition.{action}",
            actor=actor,
            obj=obj,
            before={self.field: source},
            after={self.field: target},
            note=note,
        )
        return row

    def perform_many(self, queryset, action: str, *, actor, note: str = "", audit_action: str = "") -> int:
        """One transition for many rows at once (ending an activity marks every missing invitee absent):
        the rows are locked, each must be in a source state of the same rule and the actor allowed on
        it; one UPDATE, a `Transition` row and an audit entry per row, in one transaction. Returns how
        many rows moved."""
        with transaction.atomic():
            rows = list(queryset.select_for_update())
            if not rows:
                return 0
            model = type(rows[0])
            rules = {id(self.rule_for(row, action)) for row in rows}
            rule = self.rule_for(rows[0], action)
            if len(rules) != 1 or not all(rule.allowed(actor, row) for row in rows):
                raise Forbidden()
            fields = {self.field: rule.target}
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                fields["updated_at"] = timezone.now()
            model.objects.filter(pk__in=[row.pk for row in rows]).update(**fields)
            content_type = ContentType.objects.get_for_model(model)
            Transition.objects.bulk_create(
                [
                    Transition(
                        content_type=content_type,
                        object_id=row.pk,
                        committee_id=row.committee_id,
                        action=action,
                        from_state=getattr(row, self.field),
                        to_state=rule.target,
                        actor=actor if getattr(actor, "pk", None) else None,
                        note=note,
                    )
                    for row in rows
                ]
            )
            for row in rows:
                audit.record(
                    audit_action or f"transition.{action}",
                    actor=actor,
                    obj=row,
                    before={self.field: getattr(row, self.field)},
                    after={self.field: rule.target},
                    note=note,
                )
        return len(rows)


def log_step(obj, action: str, *, actor, from_state: str = "", note: str = "", field: str = "state") -> Transition:
    """A timeline row for a step that is not a rule of the workflow (a record created, a forwarded
    report received): from `from_state` to the object's current state."""
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        committee_id=obj.committee_id,
        action=action,
        from_state=from_state,
        to_state=getattr(obj, field),
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )


def timeline(obj, field: str = "state"):
    """The transitions of an object, oldest first, with actors and state labels."""
    return timelines([obj], field)[obj.pk]


def timelines(objs, field: str = "state") -> dict:
    """`timeline` of many objects of one model in one query: {pk: transitions} (a list page's rows)."""
    objs = list(objs)
    found: dict = {obj.pk: [] for obj in objs}
    found.update((obj.pk, rows) for obj, rows in timelines_of([o for o in objs if o.pk is not None], field).items())
    return found


def timelines_of(objs, field: str = "state") -> dict:
    """`timeline` of objects of one model or several in one query: {object: transitions} (a page
    showing a record with the records under it: a proposal and its assignments). Saved objects only."""
    objs = list(objs)
    found: dict = {obj: [] for obj in objs}
    if not objs:
        return found
    by_type: dict[int, dict] = {}
    for obj in objs:
        by_type.setdefault(ContentType.objects.get_for_model(obj).pk, {})[obj.pk] = obj
    labels = {
        ct: dict(next(iter(group.values()))._meta.get_field(field).choices or []) for ct, group in by_type.items()
    }
    where = Q()
    for ct, group in by_type.items():
        where |= Q(content_type_id=ct, object_id__in=list(group))
    for row in Transition.objects.filter(where).select_related("actor").order_by("at", "id"):
        row.from_label = labels[row.content_type_id].get(row.from_state, row.from_state)
        row.to_label = labels[row.content_type_id].get(row.to_state, row.to_state)
        found[by_type[row.content_type_id][row.object_id]].append(row)
    return found


def timeline_steps(obj, field: str = "state") -> list[dict]:
    """The timeline as the API shows it (DESIGN.md): `[{"from", "to", "action", "actor", "at", "note"}]`,
    oldest first; `actor` is the actor's display name."""
    return [
        {
            "from": t.from_state,
            "to": t.to_state,
            "action": t.action,
            "actor": str(t.actor) if t.actor else None,
            "at": t.at,
            "note": t.note,
        }
        for t in timeline(obj, field)
    ]
