from django.urls import path

from lvzhi.party import views

app_name = "party"

PREFIXES = {"member": "members", "meeting": "meetings", "talk": "talks", "pair": "pairs", "contact": "contacts"}

urlpatterns = [
    path("", views.figure_list, name="figures"),
    path("coverage/", views.coverage_page, name="coverage"),
]
for key, prefix in PREFIXES.items():
    kw = {"register": key}
    urlpatterns += [
        path(f"{prefix}/", views.record_list, kw, name=f"{key}_list"),
        path(f"{prefix}/new/", views.record_create, kw, name=f"{key}_create"),
        path(f"{prefix}/<int:pk>/", views.record_detail, kw, name=f"{key}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views.record_edit, kw, name=f"{key}_edit"),
        path(f"{prefix}/<int:pk>/<slug:action>/", views.record_action, kw, name=f"{key}_action"),
    ]
