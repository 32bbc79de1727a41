from django.urls import path

from lvzhi.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("manage/", views.notice_list, name="list"),
    path("new/", views.notice_create, name="create"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/edit/", views.notice_edit, name="edit"),
    path("<int:pk>/reply/", views.notice_reply, name="reply"),
    path("<int:pk>/receipts/", views.notice_receipts, name="receipts"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/<str:action>/", views.notice_act, name="act"),
]
