from django.urls import path

from lvzhi.meetings import views, views_plenary

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("votes/<int:pk>/<str:action>/", views.vote_action, name="vote_action"),
    path("groups/<int:pk>/<str:action>/", views.group_action, name="group_action"),
    path("materials/<int:pk>/<str:action>/", views.material_action, name="material_action"),
    path("speeches/", views_plenary.speech_list, name="speeches"),
    path("speeches/<int:pk>/<str:action>/", views_plenary.speech_action, name="speech_action"),
    path("speakers/<int:pk>/<str:action>/", views_plenary.speaker_action, name="speaker_action"),
    path("elections/<int:pk>/ballots.docx", views_plenary.ballot_sheets, name="ballot_sheets"),
    path("elections/<int:pk>/<str:action>/", views_plenary.election_action, name="election_action"),
    path("minutes/<int:pk>/<str:action>/", views_plenary.minutes_action, name="minutes_action"),
    path("<int:pk>/speeches/new/", views_plenary.speech_create, name="speech_create"),
    path("<int:pk>/speeches.docx", views_plenary.speech_booklet, name="speech_booklet"),
    path("<int:pk>/speakers/add/", views_plenary.speaker_add, name="speaker_add"),
    path("<int:pk>/archive/", views_plenary.archive, name="archive"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/me/", views.my_meeting, name="mine"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/screen/", views.live_screen, name="live"),
    path("<int:pk>/register/screen/", views.qr_screen, name="qr_screen"),
    path("<int:pk>/register/<str:token>/", views.register_qr, name="register_qr"),
    path("<int:pk>/seating.docx", views.seating_chart, name="seating_chart"),
    path("<int:pk>/minutes.docx", views.minutes, name="minutes"),
    path("<int:pk>/<str:action>/", views.meeting_action, name="action"),
]
