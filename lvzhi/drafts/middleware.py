"""A form submitted successfully no longer needs its draft.

drafts.js names the form's draft in a hidden field (`_lvzhi_draft`) when the form is submitted. If
the logged-in user's POST ends in a redirect (the pages' answer to a successful submit) and queued
no error message, the draft is deleted from the server, and a short-lived cookie tells the next page
to delete the browser's copy too. A form shown again with its errors keeps its draft."""

from urllib.parse import quote

from django.conf import settings
from django.contrib.messages import ERROR

from lvzhi.drafts import services

FIELD = "_lvzhi_draft"
DONE_COOKIE = "lvzhi_draft_done"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _succeeded(request, response) -> bool:
    redirected = (
        300 <= response.status_code < 400 or response.has_header("HX-Redirect") or response.has_header("HX-Location")
    )
    if not redirected:
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return not any(message.level >= ERROR for message in queued)


class PurgeSubmittedDraftsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST" or not request.content_type.startswith(FORM_TYPES):
            return response
        keys = request.POST.getlist(FIELD)
        if keys and request.user.is_authenticated and _succeeded(request, response):
            services.purge_submitted(actor=request.user, keys=keys)
            response.set_cookie(
                DONE_COOKIE,
                quote("\n".join(keys[:10]), safe=""),
                max_age=600,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
