"""The JSON API under /api/v1/: one NinjaAPI, one router per module."""

from lvzhi.accounts.api import BearerAuth
from lvzhi.accounts.api import router as accounts_router
from lvzhi.accounts.api_admin import router as users_router
from lvzhi.activities.api import router as activities_router
from lvzhi.core.api import build_api
from lvzhi.core.todos import router as todos_router
from lvzhi.deliberation.api import router as deliberation_router
from lvzhi.delivery.api import router as delivery_router
from lvzhi.directory.api import router as directory_router
from lvzhi.drafts.api import router as drafts_router
from lvzhi.duties.api import router as duties_router
from lvzhi.duties.api_targets import router as duty_targets_router
from lvzhi.jobs.api import router as jobs_router
from lvzhi.learning.api import router as learning_router
from lvzhi.liaison.api import router as liaison_router
from lvzhi.meetings.api import router as meetings_router
from lvzhi.notices.api import router as notices_router
from lvzhi.opinions.api import router as opinions_router
from lvzhi.org.api import router as org_router
from lvzhi.org.api_affiliations import router as affiliation_router
from lvzhi.org.api_imports import router as member_import_router
from lvzhi.party.api import router as party_router
from lvzhi.proposals.api import router as proposals_router
from lvzhi.search.api import router as search_router
from lvzhi.stats.api import router as stats_router
from lvzhi.supervision.api import router as supervision_router
from lvzhi.wenshi.api import router as wenshi_router

api = build_api(auth=[BearerAuth()])
api.add_router("", accounts_router)
api.add_router("", users_router)
api.add_router("", org_router)
api.add_router("", affiliation_router)
api.add_router("", member_import_router)
api.add_router("", proposals_router)
api.add_router("", activities_router)
api.add_router("", opinions_router)
api.add_router("", supervision_router)
api.add_router("", notices_router)
api.add_router("", learning_router)
api.add_router("", deliberation_router)
api.add_router("", meetings_router)
api.add_router("", wenshi_router)
api.add_router("", liaison_router)
api.add_router("", party_router)
api.add_router("", stats_router)
api.add_router("", duties_router)
api.add_router("", duty_targets_router)
api.add_router("", directory_router)
api.add_router("", todos_router)
api.add_router("", search_router)
api.add_router("", delivery_router)
api.add_router("", jobs_router)
api.add_router("", drafts_router)
