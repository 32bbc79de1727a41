from django.urls import path

from lvzhi.core import todos, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("me/todos/", todos.todo_page, name="todos"),
    path("menu/counts/", views.menu_counts, name="menu_counts"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("pick/", views.picker, name="picker"),
    path("scope/", views.switch_scope, name="switch_scope"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
