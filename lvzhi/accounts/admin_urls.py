from django.urls import path

from lvzhi.accounts import admin_views

app_name = "admin"
urlpatterns = [
    path("users/", admin_views.user_list, name="user_list"),
    path("users/new/", admin_views.user_create, name="user_create"),
    path("users/<int:pk>/", admin_views.user_detail, name="user_detail"),
    path("users/<int:pk>/active/", admin_views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/unlock/", admin_views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/2fa/remove/", admin_views.user_remove_second_factor, name="user_remove_second_factor"),
    path("users/<int:pk>/grants/", admin_views.user_grants, name="user_grants"),
    path("audit/", admin_views.audit_list, name="audit_list"),
]
