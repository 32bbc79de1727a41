from django.urls import include, path

from lvzhi.api import api
from lvzhi.core import metrics
from lvzhi.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("accounts/", include("lvzhi.accounts.urls")),
    path("admin/", include("lvzhi.accounts.admin_urls")),
    path("org/", include("lvzhi.org.urls")),
    path("proposals/", include("lvzhi.proposals.urls")),
    path("activities/", include("lvzhi.activities.urls")),
    path("opinions/", include("lvzhi.opinions.urls")),
    path("supervision/", include("lvzhi.supervision.urls")),
    path("notices/", include("lvzhi.notices.urls")),
    path("learning/", include("lvzhi.learning.urls")),
    path("deliberation/", include("lvzhi.deliberation.urls")),
    path("meetings/", include("lvzhi.meetings.urls")),
    path("wenshi/", include("lvzhi.wenshi.urls")),
    path("liaison/", include("lvzhi.liaison.urls")),
    path("party/", include("lvzhi.party.urls")),
    path("directory/", include("lvzhi.directory.urls")),
    path("stats/", include("lvzhi.stats.urls")),
    path("duties/", include("lvzhi.duties.urls")),
    path("search/", include("lvzhi.search.urls")),
    path("delivery/", include("lvzhi.delivery.urls")),
    path("jobs/", include("lvzhi.jobs.urls")),
    path("", include("lvzhi.drafts.urls")),
    path("", include("lvzhi.core.urls")),
]

handler400 = "lvzhi.core.handlers.bad_request"
handler403 = "lvzhi.core.handlers.forbidden"
handler404 = "lvzhi.core.handlers.not_found"
handler500 = "lvzhi.core.handlers.server_error"
