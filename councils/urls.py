from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("gemeente/<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality_detail"),
    path("regio/", views.RegionDetailView.as_view(), name="region_detail"),
    path("werk/raden/<slug:slug>/", views.CouncilWorkView.as_view(), name="work_detail"),
]
