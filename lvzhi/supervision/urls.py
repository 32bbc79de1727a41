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
urlpatterns += views.PAGES.urls(PREFIXES)
