from django.urls import path

from lvzhi.org import views

app_name = "org"
urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("committees/", views.committee_list, name="committee_list"),
    path("sectors/", views.member_list, name="sector_list"),
    path("special-committees/", views.member_list, name="special_committee_list"),
    path("parties/", views.member_list, name="party_list"),
    path("branches/", views.member_list, name="branch_list"),
    path("studios/", views.member_list, name="studio_list"),
    path("units/", views.member_list, name="unit_list"),
    path("dashboard/", views.member_list, name="dashboard"),
]
