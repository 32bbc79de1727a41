from django.urls import path

from lvzhi.learning.views import figures, groups, materials, study

app_name = "learning"
urlpatterns = [
    path("", materials.material_list, name="list"),
    path("new/", materials.material_create, name="create"),
    path("required/", materials.completion_all, name="completion_all"),
    path("topics/", materials.topic_list, name="topics"),
    path("topics/<int:pk>/archive/", materials.topic_archive, name="topic_archive"),
    path("figures/", figures.figure_list, name="figures"),
    path("reflections/", study.reflection_list, name="reflections"),
    path("reflections/<int:pk>/", study.reflection_detail, name="reflection"),
    path("reflections/<int:pk>/<str:action>/", study.reflection_act, name="reflection_act"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group"),
    path("groups/<int:pk>/<str:action>/", groups.group_act, name="group_act"),
    path("<int:pk>/", materials.material_detail, name="detail"),
    path("<int:pk>/edit/", materials.material_edit, name="edit"),
    path("<int:pk>/file/", materials.material_file, name="file"),
    path("<int:pk>/completion/", materials.completion, name="completion"),
    path("<int:pk>/<str:action>/", materials.material_act, name="act"),
]
