app_name = "admin"
urlpatterns: list = []
