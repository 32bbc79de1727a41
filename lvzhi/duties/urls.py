from django.urls import path

from lvzhi.duties import views

app_name = "duties"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("me/", views.my_record, name="my_record"),
    path("me/record.docx", views.my_record_docx, name="my_record_docx"),
    path("me/report/", views.my_report, name="my_report"),
    path("members/<int:member_id>/", views.member_record, name="member_record"),
    path("members/<int:member_id>/record.docx", views.member_record_docx, name="member_record_docx"),
    path("inactive/", views.inactive, name="inactive"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/do/<slug:action>/", views.assessments_action, name="assessments_action"),
    path("scheme/", views.scheme, name="scheme"),
    path("targets/", views.targets, name="targets"),
    path("targets/new/", views.target_edit, name="target_create"),
    path("targets/reset/", views.targets_reset, name="targets_reset"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
]
