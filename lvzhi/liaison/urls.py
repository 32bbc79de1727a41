from django.urls import path

from lvzhi.liaison import views

app_name = "liaison"

PREFIXES = {
    "contact": "contacts",
    "assignment": "assignments",
    "engagement": "engagements",
    "hosted": "hosted-visits",
    "report": "reports",
}

urlpatterns = [path("", views.figure_list, name="figures")]
urlpatterns += views.PAGES.urls(PREFIXES)
