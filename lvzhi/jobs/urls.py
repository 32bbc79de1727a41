from django.urls import path

from lvzhi.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("dead/", views.dead_letters, name="dead_letters"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/file/", views.job_file, name="file"),
    path("<int:pk>/retry/", views.job_retry, name="retry"),
]
