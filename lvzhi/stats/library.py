"""The committee's library (reads only): the rules of the register of regulations with the text of
each version — 立 (the first), 改 (each revision), 废 (the repeal) — and the reference documents
addressed to the reader. Members read it; the statistics office keeps it (lvzhi.stats.services)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import permissions
from lvzhi.core.errors import Forbidden
from lvzhi.stats.choices import ReferenceKind, RegulationKind
from lvzhi.stats.models import ReferenceDocument, Regulation, RegulationRevision
from lvzhi.stats.selectors import can_read

ESTABLISHED, REVISED, REPEALED = "established", "revised", "repealed"
STEP_LABELS = {ESTABLISHED: gettext_lazy("立"), REVISED: gettext_lazy("改"), REPEALED: gettext_lazy("废")}
# the library's kind filter: the register's kinds, then the reference documents'
KINDS = [*RegulationKind.choices, *ReferenceKind.choices]


def can_read_library(user) -> bool:
    """Members, and the statistics office and leaders."""
    return bool(can_read(user) or permissions.is_member_user(user))


def require_library_reader(user) -> None:
    if not can_read_library(user):
        raise Forbidden(_("图书馆供委员和统计工作人员阅读。"))


@dataclass(frozen=True)
class Version:
    number: int  # 1 = the text as first adopted
    step: str  # ESTABLISHED | REVISED
    date: datetime.date
    adopted_by: str
    note: str
    text: str
    revision_id: int | None  # None for the first version (it lives on the regulation)

    @property
    def step_label(self) -> str:
        return str(STEP_LABELS[self.step])


@dataclass(frozen=True)
class Step:
    """A line of the 立·改·废 timeline."""

    step: str
    date: datetime.date
    version: Version | None

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.step])


def versions(regulation) -> list[Version]:
    """Every version, oldest first (reads `regulation.revisions.all()`, prefetched or not)."""
    rows = [
        Version(1, ESTABLISHED, regulation.adopted_on, regulation.adopted_by, "", regulation.text, None),
    ]
    for i, r in enumerate(sorted(regulation.revisions.all(), key=lambda r: (r.revised_on, r.pk)), start=2):
        rows.append(Version(i, REVISED, r.revised_on, r.adopted_by, r.note, r.text, r.pk))
    return rows


def steps(regulation, all_versions: list[Version]) -> list[Step]:
    rows = [Step(v.step, v.date, v) for v in all_versions]
    if regulation.repealed_on:
        rows.append(Step(REPEALED, regulation.repealed_on, None))
    return rows


def current_text(all_versions: list[Version]) -> str:
    """The text in force: the newest version that has one."""
    return next((v.text for v in reversed(all_versions) if v.text), "")


def regulations_for(user):
    """The rules the reader may read: their committees' register."""
    require_library_reader(user)
    return Regulation.objects.visible_to(user).select_related("committee")


def documents_for(user):
    require_library_reader(user)
    return ReferenceDocument.objects.visible_to(user).select_related("committee")


@dataclass(frozen=True)
class Entry:
    """A row of the library list: a rule or a reference document."""

    kind: str
    kind_label: str
    color: str
    title: str
    committee: str
    date: datetime.date | None
    detail: str  # 文号, or the issuing body
    repealed_on: datetime.date | None
    versions: int
    url_name: str
    pk: int


def entries(user, *, kind: str = "", q: str = "") -> list[Entry]:
    """The library list (two queries): rules first by kind and date, then reference documents."""
    q = (q or "").strip()
    rules = regulations_for(user).annotate(revision_count=Count("revisions"), last=Max("revisions__revised_on"))
    documents = documents_for(user)
    if kind in RegulationKind.values:
        documents = documents.none()
        rules = rules.filter(kind=kind)
    elif kind in ReferenceKind.values:
        rules = rules.none()
        documents = documents.filter(kind=kind)
    if q:
        revised = RegulationRevision.objects.filter(text__icontains=q).values("regulation_id")
        rules = rules.filter(
            Q(title__icontains=q) | Q(document_number__icontains=q) | Q(text__icontains=q) | Q(pk__in=revised)
        )
        documents = documents.filter(
            Q(title__icontains=q) | Q(issuer__icontains=q) | Q(document_number__icontains=q) | Q(text__icontains=q)
        )
    rows = [
        Entry(
            r.kind,
            r.get_kind_display(),
            RegulationKind(r.kind).color,
            r.title,
            r.committee.short_name,
            r.last or r.adopted_on,
            r.document_number,
            r.repealed_on,
            r.revision_count + 1,
            "stats:library_regulation",
            r.pk,
        )
        for r in rules.order_by("repealed_on", "kind", "-adopted_on", "id")
    ]
    rows += [
        Entry(
            d.kind,
            d.get_kind_display(),
            ReferenceKind(d.kind).color,
            d.title,
            d.committee.short_name,
            d.issued_on,
            d.issuer,
            None,
            0,
            "stats:library_document",
            d.pk,
        )
        for d in documents.order_by("kind", "-issued_on", "id")
    ]
    return rows
