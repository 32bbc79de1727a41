"""A member's study: marking a material studied (with the time their browser measured) and the
reflection (学习心得), a draft until submitted."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, IllegalTransition, NotFound
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.learning.choices import MaterialState, ReflectionState
from lvzhi.learning.models import MAX_SECONDS, Reflection, StudyMaterial, StudyRecord
from lvzhi.learning.services.common import require_seat
from lvzhi.org.audience import addressed_to_q

MIN_REFLECTION = 50  # characters
MAX_REFLECTION = 20_000
MEASURED_BY = ("browser", "client")


def _author(user, reflection) -> bool:
    return bool(getattr(user, "member_id", None)) and user.member_id == reflection.member_id


REFLECTION_FLOW = Workflow(
    field="state",
    rules=[
        Rule(
            "submit", sources=[ReflectionState.DRAFT], target=ReflectionState.SUBMITTED, allowed=_author, label="提交"
        ),
    ],
)


def _require_published(actor, material):
    """A published material addressed to the member (what it does not reach does not exist for them)."""
    if not StudyMaterial.objects.filter(pk=material.pk).filter(addressed_to_q(actor)).exists():
        raise NotFound()
    if material.state != MaterialState.PUBLISHED:
        raise IllegalTransition(_("只有已发布的资料可以学习。"))


@transaction.atomic
def mark_studied(*, actor, material, seconds=None, measured_by="browser") -> StudyRecord:
    """Record that the member studied the material. `seconds` is the visible time the page measured
    (the API client states its own); it is stored as given, within 0 … 8 hours."""
    seat = require_seat(actor, material.committee)
    _require_published(actor, material)
    clean = Cleaner({"seconds": seconds, "measured_by": measured_by})
    seconds = clean.integer("seconds", low=0, high=MAX_SECONDS) or 0
    measured_by = clean.choice("measured_by", MEASURED_BY) or "browser"
    clean.done()
    if StudyRecord.objects.filter(material=material, member_id=actor.member_id).exists():
        raise IllegalTransition(_("您已学习过这份资料。"))
    record = StudyRecord.objects.create(
        material=material,
        member_id=actor.member_id,
        committee=seat.committee,
        studied_at=timezone.now(),
        seconds=seconds,
        measured_by=measured_by,
    )
    audit.record(
        "learning_record.create", actor=actor, obj=record, committee=seat.committee, after=audit.snapshot(record)
    )
    registry.sync_derived(record)
    return record


def _clean_text(text):
    clean = Cleaner({"text": text})
    text = clean.text("text", required=True, max_length=MAX_REFLECTION, label=_("心得"))
    if text and len(text) < MIN_REFLECTION:
        clean.error("text", _("心得至少 %(n)s 字（现有 %(m)s 字）。") % {"n": MIN_REFLECTION, "m": len(text)})
    clean.done()
    return text


@transaction.atomic
def save_reflection(*, actor, material, text) -> Reflection:
    """Write or rewrite the member's reflection on a material, as a draft (a submitted one is final)."""
    seat = require_seat(actor, material.committee)
    _require_published(actor, material)
    reflection = Reflection.objects.select_for_update().filter(material=material, member_id=actor.member_id).first()
    if reflection is not None and reflection.state != ReflectionState.DRAFT:
        raise IllegalTransition(_("心得已提交，不能再修改。"))
    text = _clean_text(text)
    if reflection is None:
        reflection = Reflection.objects.create(
            material=material, member_id=actor.member_id, committee=seat.committee, author=actor, text=text
        )
        audit.record("learning_reflection.create", actor=actor, obj=reflection, after={"text": text})
    else:
        before = reflection.text
        reflection.text = text
        reflection.save(update_fields=["text", "updated_at"])
        audit.record(
            "learning_reflection.update", actor=actor, obj=reflection, before={"text": before}, after={"text": text}
        )
    return reflection


def edit_reflection(*, actor, reflection, text) -> Reflection:
    if not _author(actor, reflection):
        raise Forbidden(_("只能修改自己的心得。"))
    return save_reflection(actor=actor, material=reflection.material, text=text)


def submit_reflection(*, actor, reflection) -> Reflection:
    REFLECTION_FLOW.rule_for(reflection, "submit")
    _clean_text(reflection.text)
    with transaction.atomic():
        REFLECTION_FLOW.perform(
            reflection, "submit", actor=actor, apply=lambda r: setattr(r, "submitted_at", timezone.now())
        )
        registry.sync_derived(reflection)
    return reflection
