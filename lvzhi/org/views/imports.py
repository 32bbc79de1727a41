"""Member import pages: template download, upload (kept as an attachment), dry run, confirm.

The confirm step reads the stored file again: rows are never taken from the posted form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lvzhi.core import pii
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import ServiceError
from lvzhi.core.exports import XLSX, download
from lvzhi.core.models import Attachment
from lvzhi.core.scope import committee_ids
from lvzhi.org import services
from lvzhi.org.forms import ImportForm
from lvzhi.org.importing import (
    HEADERS,
    ImportFileError,
    check_rows,
    import_members,
    read_rows,
    read_upload,
    template_bytes,
)
from lvzhi.org.models import Term
from lvzhi.org.views.common import (
    chosen_committee,
    manageable_committees,
    reader_required,
    require_manage,
    run_service,
)


@reader_required
def import_template(request):
    committee = chosen_committee(request, manageable_committees(request))
    return download(template_bytes(committee), _("委员导入模板") + ".xlsx", XLSX)


@reader_required
def import_upload(request):
    committees = manageable_committees(request)
    committee = chosen_committee(request, committees)
    data = request.POST if request.method == "POST" else None
    form = ImportForm(data, request.FILES or None, committee=committee, committees=committees)
    if data is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read_upload(upload)  # a wrong file is refused before anything is stored
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            attachment = run_service(
                [form], lambda: services.store_import_file(actor=request.user, committee=committee, upload=upload)
            )
            if attachment is not None:
                query = urlencode({"term": form.cleaned_data["term"].pk})
                return redirect(reverse("org:member_import_review", args=[attachment.pk]) + "?" + query)
    return render(request, "org/import_upload.html", {"form": form, "headers": HEADERS, "committee": committee})


def _attachment_for(request, pk) -> Attachment:
    """An uploaded import file: the user's own upload, of a committee in their scope (else 404)."""
    attachment = Attachment.objects.filter(
        pk=pk, uploaded_by=request.user, committee_id__in=committee_ids(request.user), name__iendswith=".xlsx"
    ).first()
    if attachment is None:
        raise Http404
    require_manage(request, attachment.committee_id)
    return attachment


@reader_required
def import_review(request, pk):
    """GET: the dry run — every row with its errors, nothing written. POST: import (all or only the
    valid rows) from the stored file."""
    attachment = _attachment_for(request, pk)
    committee = attachment.committee
    term_id = request.POST.get("term") or request.GET.get("term") or ""
    term = Term.objects.filter(committee=committee, pk=as_id(term_id)).first() if as_id(term_id) else None
    if term is None:
        raise Http404
    try:
        with attachment.file.open("rb") as fh:
            rows = read_rows(fh)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("org:member_import")
    if request.method == "POST":
        try:
            outcome = import_members(
                actor=request.user,
                committee=committee,
                term=term,
                rows=rows,
                only_valid=request.POST.get("mode") == "valid",
            )
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("导入完成：新建 %(c)d 人，更新 %(u)d 人，跳过 %(s)d 行。")
                % {"c": outcome.created, "u": outcome.updated, "s": outcome.skipped},
            )
            return redirect(reverse("org:member_list") + "?" + urlencode({"committee": committee.pk}))
    results = check_rows(actor=request.user, committee=committee, rows=rows)
    clear = services.can_view_pii(request.user)
    for result in results:
        number = pii.normalise_id_number(result.cells["id_number"])
        result.id_shown = number if clear else pii.mask_id_number(number)
        result.mobile_shown = result.cells["mobile"] if clear else pii.mask_mobile(result.cells["mobile"])
    bad = sum(1 for r in results if not r.ok)
    context = {
        "attachment": attachment,
        "committee": committee,
        "term": term,
        "results": results,
        "bad": bad,
        "good": len(results) - bad,
    }
    return render(request, "org/import_review.html", context)
