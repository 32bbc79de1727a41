from django.urls import path

from lvzhi.stats import views
from lvzhi.stats.views.summary_picker import summary_figure

app_name = "stats"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("screen/", views.screen, name="screen"),
    path("modules/<slug:module>/", views.module_dashboard, name="module_dashboard"),
    path("figures/", views.catalogue, name="catalogue"),
    path("figures/<str:key>/", views.figure_records, name="records"),
    path("figures/<str:key>/outliers/", views.figure_outliers, name="outliers"),
    path("year-pack/", views.year_pack, name="year_pack"),
    path("summaries/", views.summary_list, name="summary_list"),
    path("summaries/new/", views.summary_create, name="summary_create"),
    path("summaries/draft/", views.summary_draft, name="summary_draft"),
    path("summaries/figure/", summary_figure, name="summary_figure"),
    path("summaries/<int:pk>/", views.summary_preview, name="summary_preview"),
    path("summaries/<int:pk>/edit/", views.summary_edit, name="summary_edit"),
    path("summaries/<int:pk>/delete/", views.summary_delete, name="summary_delete"),
    path("summaries/<int:pk>/download.<str:fmt>", views.summary_download, name="summary_download"),
    path("regulations/", views.regulation_list, name="regulation_list"),
    path("regulations/new/", views.regulation_create, name="regulation_create"),
    path("regulations/<int:pk>/", views.regulation_detail, name="regulation_detail"),
    path("regulations/<int:pk>/edit/", views.regulation_edit, name="regulation_edit"),
    path("regulations/<int:pk>/versions/<int:revision_pk>/edit/", views.revision_edit, name="revision_edit"),
    path("library/", views.library_list, name="library"),
    path("library/rules/<int:pk>/", views.library_regulation, name="library_regulation"),
    path("library/documents/new/", views.document_create, name="document_create"),
    path("library/documents/<int:pk>/", views.library_document, name="library_document"),
    path("library/documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("regulations/<int:pk>/<slug:action>/", views.regulation_action, name="regulation_action"),
]
