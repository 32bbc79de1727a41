from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lvzhi.core import pickers, registry
from lvzhi.core.attachments import attachment_for, download_response
from lvzhi.core.errors import NotFound
from lvzhi.core.forms import pinyin_keys
from lvzhi.core.models import Notification
from lvzhi.core.next_url import back_to
from lvzhi.core.notifications import latest_with_unread, mark_notifications_read
from lvzhi.core.scope import SCOPE_SESSION_KEY, committee_ids


@never_cache
def healthz(request):
    """Alive. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready: the database answers and every migration is applied."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # the database is unreachable
        return JsonResponse({"status": "unavailable", "error": exc.__class__.__name__}, status=503)
    if pending:
        return JsonResponse({"status": "migrations_pending", "pending": len(pending)}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    """The home page of each role: panels contributed by the modules through the registry, by their
    "order" (lower first; 100 when not given), then registration order."""
    # first: the latest notifications with the unread count that the header and a panel show
    notifications = latest_with_unread(request.user, 8)
    panels = []
    for module in registry.modules():
        for panel in module.home_panels:
            data = panel(request)
            if data:
                panels.append(data)
    panels.sort(key=lambda data: data.get("order", 100))
    return render(request, "core/home.html", {"panels": panels, "notifications": notifications})


@login_required
@never_cache
def menu_counts(request):
    """The side menu's counts of pending work (lvzhi/static/lvzhi/menu.js fetches them after the
    page has loaded, so that no page pays for them): {"modules": {key: n}, "entries": {url name: n},
    "total": n}. A background read: it sends no session cookie back (core.middleware)."""
    request.background_read = True
    return JsonResponse(registry.menu_counts(request.user))


@login_required
@never_cache
def picker(request):
    """A remote picker's matches for what was typed (`q`): [{value, text, keys}], at most
    core.pickers.MATCHES, from the queryset the form's field chooses among (its token `t`, signed,
    names it and the user it was rendered for; anything else is 404, core.pickers)."""
    request.background_read = True
    named = pickers.source_from_token(request.GET.get("t", ""), request.user)
    if named is None:
        raise NotFound()
    source, args = named
    matches = pickers.search(source, args, request.GET.get("q", ""))
    rows = [{"value": str(obj.pk), "text": text, "keys": pinyin_keys(text)} for obj, text in matches]
    return JsonResponse(rows, safe=False)


@login_required
def notifications(request):
    page = Paginator(Notification.objects.filter(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request):
    mark_notifications_read(actor=request.user)
    return redirect("core:notifications")


@login_required
@require_POST
def switch_scope(request):
    """Narrow the pages to one committee of the user's scope (and its descendants)."""
    try:
        chosen = int(request.POST.get("committee") or 0)
    except ValueError:
        chosen = 0
    if chosen and chosen in committee_ids(request.user):
        request.session[SCOPE_SESSION_KEY] = chosen
    else:
        request.session.pop(SCOPE_SESSION_KEY, None)
    return back_to(request, request.POST.get("next"))


@login_required
def attachment_download(request, pk):
    """A file, as a download, to whoever may see a record holding it (each module declares its
    holding records and who sees them, `registry.FileHolder`); a file no record holds, to the person
    who uploaded it. Anyone else: 404, as for the record itself."""
    attachment = attachment_for(request.user, pk)
    if attachment is None:
        raise NotFound()
    return download_response(attachment)
