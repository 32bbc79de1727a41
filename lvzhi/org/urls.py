from django.urls import path

from lvzhi.org import views

app_name = "org"

# The per-committee lists share one set of views: /org/<prefix>/, /new/, /<pk>/edit/.
LIST_PREFIXES = {
    "sector": "sectors",
    "special_committee": "special-committees",
    "party": "parties",
    "branch": "branches",
    "studio": "studios",
    "unit": "units",
}

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/import/", views.import_upload, name="member_import"),
    path("members/import/template/", views.import_template, name="member_import_template"),
    path("members/import/<int:pk>/", views.import_review, name="member_import_review"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/reveal/", views.member_reveal, name="member_reveal"),
    path("members/<int:pk>/memberships/new/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("affiliations/", views.affiliation_list, name="affiliation_list"),
    path("affiliations/new/", views.affiliation_add, name="affiliation_add"),
    path("affiliations/<int:pk>/end/", views.affiliation_end, name="affiliation_end"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/new/", views.committee_edit, name="committee_create"),
    path("committees/<int:pk>/edit/", views.committee_edit, name="committee_edit"),
    path("committees/<int:committee_pk>/terms/new/", views.term_edit, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("terms/<int:term_pk>/sessions/new/", views.session_edit, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
for key, prefix in LIST_PREFIXES.items():
    urlpatterns += [
        path(f"{prefix}/", views.item_list, {"kind": key}, name=f"{key}_list"),
        path(f"{prefix}/new/", views.item_create, {"kind": key}, name=f"{key}_create"),
        path(f"{prefix}/<int:pk>/edit/", views.item_edit, {"kind": key}, name=f"{key}_edit"),
    ]
