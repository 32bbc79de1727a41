from django.urls import path

from lvzhi.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("my/", views.my_activities, name="my"),
    path("new/", views.activity_create, name="create"),
    path("figures/", views.figure_list, name="figures"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("subkinds/", views.subkind_settings, name="subkinds"),
    path("outcomes/", views.outcome_list, name="outcome_list"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome_detail"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("outcomes/<int:pk>/suggestions/", views.suggestion_add, name="suggestion_add"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="suggestion_edit"),
    path("suggestions/<int:pk>/delete/", views.suggestion_delete, name="suggestion_delete"),
    path("outcomes/<int:pk>/<str:action>/", views.outcome_action, name="outcome_action"),
    path("speeches/<int:pk>/edit/", views.speech_edit, name="speech_edit"),
    path("speeches/<int:pk>/delete/", views.speech_delete, name="speech_delete"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/leave/<int:attendance_id>/", views.leave_decision, name="leave_decision"),
    path("<int:pk>/checkin/manual/", views.manual_checkin, name="manual_checkin"),
    path("<int:pk>/checkin/screen/", views.checkin_screen, name="checkin_screen"),
    path("<int:pk>/checkin/<str:token>/", views.checkin, name="checkin"),
    path("<int:pk>/attendance.xlsx", views.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/signin-sheet/", views.signin_sheet, name="signin_sheet"),
    path("<int:pk>/speeches/new/", views.speech_create, name="speech_create"),
    path("<int:pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("<int:pk>/<str:action>/", views.activity_action, name="action"),
]
