from django.urls import path

from . import views, views_self_evaluation, views_support

app_name = "councils"

urlpatterns = [
    path("gemeente/<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality_detail"),
    path("regio/", views.RegionDetailView.as_view(), name="region_detail"),
    path("werk/raden/<slug:slug>/", views.CouncilWorkView.as_view(), name="work_detail"),
    # Support requests to the regional support team.
    path("werk/ondersteuning/", views_support.support_list, name="support_list"),
    path("werk/ondersteuning/nieuw/", views_support.support_create, name="support_create"),
    path("werk/ondersteuning/<int:pk>/", views_support.support_detail, name="support_detail"),
    path("werk/ondersteuning/<int:pk>/in-behandeling/", views_support.support_take, name="support_take"),
    path("werk/ondersteuning/<int:pk>/afronden/", views_support.support_close, name="support_close"),
    # The yearly self-evaluation, and the councils side by side.
    path("werk/zelfevaluatie/", views_self_evaluation.self_evaluation_list, name="self_evaluation_list"),
    path(
        "werk/zelfevaluatie/<slug:slug>/<int:year>/",
        views_self_evaluation.self_evaluation_edit,
        name="self_evaluation_edit",
    ),
    path(
        "werk/zelfevaluatie/<slug:slug>/<int:year>/indienen/",
        views_self_evaluation.self_evaluation_submit,
        name="self_evaluation_submit",
    ),
    path("regio/zelfevaluaties/", views_self_evaluation.self_evaluation_overview, name="self_evaluation_overview"),
]
