from django.urls import path

from lvzhi.party import views

app_name = "party"

PREFIXES = {"member": "members", "meeting": "meetings", "talk": "talks", "pair": "pairs", "contact": "contacts"}

urlpatterns = [
    path("", views.figure_list, name="figures"),
    path("coverage/", views.coverage_page, name="coverage"),
]
urlpatterns += views.PAGES.urls(PREFIXES)
