from django.urls import path

from lvzhi.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("quick/", views.quick, name="quick"),
]
