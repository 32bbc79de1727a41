from django.urls import path

from lvzhi.deliberation import views

app_name = "deliberation"
urlpatterns = [
    path("", views.topic_list, name="list"),
    path("new/", views.topic_create, name="create"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.topic_detail, name="detail"),
    path("<int:pk>/edit/", views.topic_edit, name="edit"),
    path("<int:pk>/posts/", views.post_create, name="post_create"),
    path("<int:pk>/files/<int:file_id>/", views.topic_file, name="file"),
    path("<int:pk>/files/<int:file_id>/remove/", views.file_remove, name="file_remove"),
    path("<int:pk>/<slug:action>/", views.topic_action, name="action"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
]
