from django.urls import path

from lvzhi.delivery import views

app_name = "delivery"

urlpatterns = [
    path("settings/", views.settings_edit, name="settings_edit"),
    path("policy/", views.policy_edit, name="policy_edit"),
]
