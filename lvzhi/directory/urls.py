from django.urls import path

from lvzhi.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory_list, name="list"),
    path("<int:pk>/", views.directory_detail, name="detail"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("me/", views.my_profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/photo/", views.own_photo, name="own_photo"),
    path("me/photo/upload/", views.photo_upload, name="photo_upload"),
    path("me/photo/remove/", views.photo_remove, name="photo_remove"),
    path("me/requests/new/", views.request_create, name="request_create"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:action>/", views.request_action, name="request_action"),
    path("figures/", views.figures, name="figures"),
]
