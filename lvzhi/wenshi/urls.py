from django.urls import path

from lvzhi.wenshi.views import manuscripts, office

app_name = "wenshi"
urlpatterns = [
    path("", office.home, name="home"),
    path("figures/", office.figures, name="figures"),
    path("manuscripts/", manuscripts.manuscript_list, name="manuscript_list"),
    path("manuscripts/new/", manuscripts.manuscript_create, name="manuscript_create"),
    path("manuscripts/<int:pk>/", manuscripts.manuscript_detail, name="manuscript_detail"),
    path("manuscripts/<int:pk>/edit/", manuscripts.manuscript_edit, name="manuscript_edit"),
    path("manuscripts/<int:pk>/files/", manuscripts.manuscript_file_add, name="manuscript_file_add"),
    path("manuscripts/<int:pk>/files/<int:file_id>/", manuscripts.manuscript_file, name="manuscript_file"),
    path("manuscripts/<int:pk>/<slug:action>/", manuscripts.manuscript_action, name="manuscript_action"),
    path("plans/", office.plan_list, name="plan_list"),
    path("plans/new/", office.plan_create, name="plan_create"),
    path("plans/<int:pk>/", office.plan_detail, name="plan_detail"),
    path("calls/", office.call_list, name="call_list"),
    path("calls/new/", office.call_create, name="call_create"),
    path("calls/<int:pk>/", office.call_detail, name="call_detail"),
    path("calls/<int:pk>/<slug:action>/", office.call_action, name="call_action"),
    path("volumes/", office.volume_list, name="volume_list"),
    path("volumes/new/", office.volume_create, name="volume_create"),
    path("series/new/", office.series_create, name="series_create"),
    path("volumes/<int:pk>/", office.volume_detail, name="volume_detail"),
    path("volumes/<int:pk>/docx/", office.volume_docx, name="volume_docx"),
    path("volumes/<int:pk>/entries/", office.volume_entry_add, name="volume_entry_add"),
    path("volumes/<int:pk>/entries/<int:entry_id>/remove/", office.volume_entry_remove, name="volume_entry_remove"),
    path("collection/", office.item_list, name="item_list"),
    path("collection/new/", office.item_create, name="item_create"),
    path("collection/<int:pk>/", office.item_detail, name="item_detail"),
    path("collection/<int:pk>/files/<int:file_id>/", office.item_file, name="item_file"),
    path("circulations/", office.circulation_list, name="circulation_list"),
    path("circulations/new/", office.circulation_create, name="circulation_create"),
    path("circulations/<int:pk>/<slug:action>/", office.circulation_action, name="circulation_action"),
]
