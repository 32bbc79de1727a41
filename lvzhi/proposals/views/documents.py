"""Documents: the proposal form (提案表) and a session's compilation (提案汇编) as docx."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit, exports
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Forbidden
from lvzhi.core.listing import offloaded
from lvzhi.core.scope import active_committee_ids
from lvzhi.proposals.choices import FILED_STATES
from lvzhi.proposals.models import Proposal
from lvzhi.proposals.views.common import get_proposal_for_user


def _write_proposal(doc, p):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        (_("案号"), p.number or _("（未立案）")),
        (_("案由"), p.title),
        (_("提案人"), p.proposer_label),
        (_("附议人"), "、".join(str(c.member) for c in p.coproposers.all()) or "—"),
        (_("提案类型"), p.get_kind_display()),
        (_("类别"), str(p.category or "")),
        (_("会议"), str(p.session) if p.session_id else _("闭会期间")),
        (_("状态"), p.get_state_display()),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)
    for heading, text in ((_("情况与问题"), p.situation), (_("原因分析"), p.analysis), (_("具体建议"), p.suggestions)):
        if text:
            doc.add_paragraph().add_run(str(heading)).bold = True
            for line in text.splitlines():
                doc.add_paragraph(line)


@login_required
def proposal_docx(request, pk):
    proposal = get_proposal_for_user(request, pk)
    doc = exports.new_document(_("%(c)s提案表") % {"c": proposal.committee.name})
    _write_proposal(doc, proposal)
    audit.record("export.docx", actor=request.user, obj=proposal, note="proposal form")
    return exports.download(exports.docx_bytes(doc), f"提案表-{proposal.pk}.docx", exports.DOCX)


@login_required
def compilation_docx(request):
    """提案汇编: the filed proposals of one session (?session=id), in number order."""
    user = request.user
    if not user.can_read_module("proposals"):
        raise Forbidden()
    session = request.GET.get("session", "")
    qs = (
        Proposal.objects.visible_to(user)
        .filter(committee_id__in=active_committee_ids(request), state__in=FILED_STATES)
        .select_related("proposer", "category", "party", "sector", "special_committee", "session__term")
        .prefetch_related("coproposers__member")
        .order_by("committee_id", "serial", "id")
    )
    if as_id(session):
        qs = qs.filter(session_id=as_id(session))
    offload = offloaded(request, qs, _("提案汇编"), threshold=settings.DOCUMENT_BACKGROUND_ITEMS)
    if offload is not None:  # a long compilation: a background job, whose page offers the file
        return offload
    doc = exports.new_document(_("提案汇编"))
    rows = qs[:2000]
    total = rows.count() if exports.in_background() else None
    for done, p in enumerate(rows.iterator(chunk_size=200)):  # the coproposers prefetched per chunk
        if total:
            exports.report_progress(done, total)
        doc.add_page_break()
        _write_proposal(doc, p)
    audit.record("export.docx", actor=user, object_type="proposals", note=f"compilation session={session}")
    stamp = timezone.localtime().strftime("%Y%m%d")
    return exports.docx_response(doc, f"提案汇编-{stamp}.docx")
