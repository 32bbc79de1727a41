from django.urls import path

from lvzhi.opinions import views

app_name = "opinions"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("export.xlsx", views.report_export, name="export"),
    path("mine/", views.report_mine, name="mine"),
    path("queue/", views.report_queue, name="queue"),
    path("new/", views.report_create, name="create"),
    path("enter/", views.report_enter, name="enter"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/diff/", views.report_diff, name="diff"),
    path("<int:pk>/files/", views.report_attach, name="attach"),
    path("<int:pk>/files/<int:file_id>/", views.report_file, name="file"),
    path("<int:pk>/files/<int:file_id>/delete/", views.report_detach, name="detach"),
    path("<int:pk>/<str:action>/", views.report_action, name="action"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/docx/", views.issue_docx, name="issue_docx"),
    path("points/", views.points, name="points"),
    path("figures/", views.figure_list, name="figures"),
    path("settings/", views.opinion_settings, name="settings"),
    path("settings/recipients/", views.add_recipient, name="add_recipient"),
    path("settings/recipients/defaults/", views.seed_recipients, name="seed_recipients"),
    path("settings/recipients/<int:pk>/toggle/", views.toggle_recipient, name="toggle_recipient"),
    path("settings/categories/", views.add_category, name="add_category"),
    path("settings/categories/defaults/", views.seed_categories, name="seed_categories"),
    path("settings/categories/<int:pk>/", views.edit_category, name="edit_category"),
    path("settings/recipients/<int:pk>/", views.edit_recipient, name="edit_recipient"),
    path("settings/officers/<int:pk>/", views.edit_officer, name="edit_officer"),
    path("settings/contacts/<int:pk>/", views.edit_contact, name="edit_contact"),
    path("settings/officers/", views.add_officer, name="add_officer"),
    path("settings/contacts/", views.add_contact, name="add_contact"),
]
