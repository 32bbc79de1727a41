from django.urls import path

from lvzhi.supervision import views

app_name = "supervision"

PREFIXES = {
    "mediation": "mediation",
    "clue": "clues",
    "post": "posts",
    "visit": "visits",
    "project": "projects",
    "pair": "liaison",
    "problem": "problems",
    "support": "support",
    "partner": "partners",
    "service": "service",
    "point": "demo-points",
}

urlpatterns = [path("", views.figure_list, name="figures")]
for key, prefix in PREFIXES.items():
    kw = {"register": key}
    urlpatterns += [
        path(f"{prefix}/", views.record_list, kw, name=f"{key}_list"),
        path(f"{prefix}/new/", views.record_create, kw, name=f"{key}_create"),
        path(f"{prefix}/<int:pk>/", views.record_detail, kw, name=f"{key}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views.record_edit, kw, name=f"{key}_edit"),
        path(f"{prefix}/<int:pk>/<slug:action>/", views.record_action, kw, name=f"{key}_action"),
    ]
