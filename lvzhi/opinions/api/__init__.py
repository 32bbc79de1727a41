"""Social-conditions and public-opinion reports over the API: the same visibility and services
as the pages. Submitters create, submit and follow their reports; the information office does
the rest within its scope; a county office's forwarded item is followed by both committees.

`router` carries the endpoints of `reports` (and the report's action table), `issues` (bulletin
issues, recipients) and `config` (categories, information officers, organisation contacts)."""

from lvzhi.opinions.api import config, issues, reports  # noqa: F401  (they add their endpoints)
from lvzhi.opinions.api.common import router

__all__ = ["router"]
