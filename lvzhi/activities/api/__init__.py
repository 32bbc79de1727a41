"""Meetings and activities over the API: the same visibility (`visible_to`) and the same services
as the pages. Members read their committee's activities and their invitations, answer them, check
in and keep their own speeches; staff with the activities permission do the rest within their scope.

The endpoints live by subject in `activities`, `attendance`, `records` and `subkinds`; each adds
itself to the one `router` (imported in this order, which is the order of the OpenAPI document)."""

from lvzhi.activities.api import activities, attendance, records, subkinds  # noqa: F401  (adds the endpoints)
from lvzhi.activities.api.common import router

__all__ = ["router"]
