"""What awaits a user in the supervision module (the to-do centre's kinds, see registry.TodoKind): the
office's open mediation cases, litigation clues not yet sent to the procuratorate and enterprises'
problems not yet solved; a leader's problems of the enterprises they are paired with (包抓)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import registry
from lvzhi.core.scope import committee_ids
from lvzhi.supervision.choices import ClueState, MediationState, ProblemState
from lvzhi.supervision.models import EnterpriseProblem, LitigationClue, MediationCase

OPEN_PROBLEM_STATES = [ProblemState.RAISED, ProblemState.HANDLING]


def _office_ids(user):
    return committee_ids(user) if user.has_module_perm(Permission.SUPERVISION) else frozenset()


def mediation_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return MediationCase.objects.filter(committee_id__in=ids, state=MediationState.OPEN).order_by("received_on", "id")


def mediation_todo(case):
    return registry.Todo(
        f"{case.court} {case.case_number}",
        reverse("supervision:mediation_detail", args=[case.pk]),
        note=_("受理于 %(day)s") % {"day": case.received_on.isoformat()},
    )


def clue_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return LitigationClue.objects.filter(committee_id__in=ids, state=ClueState.REGISTERED).order_by("recorded_on", "id")


def clue_todo(clue):
    return registry.Todo(
        clue.title,
        reverse("supervision:clue_detail", args=[clue.pk]),
        note=_("发现于 %(day)s") % {"day": clue.recorded_on.isoformat()},
    )


def problem_rows(user):
    ids = _office_ids(user)
    if not ids:
        return None
    return (
        EnterpriseProblem.objects.filter(committee_id__in=ids, state__in=OPEN_PROBLEM_STATES)
        .select_related("pair")
        .order_by("raised_on", "id")
    )


def my_problem_rows(user):
    """For a leader: the open problems of the enterprises they are paired with."""
    if not (user.has_role(Role.LEADER) and user.member_id):
        return None
    return (
        EnterpriseProblem.objects.filter(
            committee_id__in=committee_ids(user), pair__leader_id=user.member_id, state__in=OPEN_PROBLEM_STATES
        )
        .select_related("pair")
        .order_by("raised_on", "id")
    )


def problem_todo(problem):
    return registry.Todo(
        f"{problem.pair.enterprise}：{problem.description[:40]}",
        reverse("supervision:problem_detail", args=[problem.pk]),
        note=f"{problem.get_state_display()} · {problem.raised_on.isoformat()}",
    )


TODOS = [
    registry.TodoKind(
        "supervision.mediation",
        _("调解中的诉前调解案件"),
        rows=mediation_rows,
        todo=mediation_todo,
        late=registry.never_late,
    ),
    registry.TodoKind(
        "supervision.clue", _("待移送的公益诉讼线索"), rows=clue_rows, todo=clue_todo, late=registry.never_late
    ),
    registry.TodoKind(
        "supervision.problem", _("待协调的企业问题"), rows=problem_rows, todo=problem_todo, late=registry.never_late
    ),
    registry.TodoKind(
        "supervision.my_problem",
        _("我包抓企业的待解决问题"),
        rows=my_problem_rows,
        todo=problem_todo,
        late=registry.never_late,
    ),
]
