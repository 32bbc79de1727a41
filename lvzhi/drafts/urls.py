from django.urls import path

from lvzhi.drafts import views

app_name = "drafts"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("app/keepalive", views.keepalive, name="keepalive"),
]
