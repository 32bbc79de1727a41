from django.urls import path

from lvzhi.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.all_proposals, name="list"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review, name="review"),
    path("inbox/", views.inbox, name="inbox"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("compilation.docx", views.compilation_docx, name="compilation"),
    path("overview.xlsx", views.overview_xlsx, name="overview"),
    path("performance/", views.performance, name="performance"),
    path("rules/", views.rules, name="rules"),
    path("rules/<slug:kind>/new/", views.rule_item, name="rule_new"),
    path("rules/<slug:kind>/<int:pk>/", views.rule_item, name="rule_edit"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/paper-signature/<int:member_id>/", views.paper_signature, name="paper_signature"),
    path("<int:pk>/form.docx", views.proposal_docx, name="docx"),
    path("<int:pk>/files/", views.attach, name="attach"),
    path("<int:pk>/files/<int:file_id>/", views.download, name="file"),
    path("<int:pk>/files/<int:file_id>/remove/", views.detach, name="detach"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("assignments/<int:pk>/act/<slug:action>/", views.assignment_act, name="assignment_act"),
    path("extensions/<int:pk>/<slug:decision>/", views.decide_extension, name="decide_extension"),
]
