from django.urls import path

from . import views, views_practice, views_report

urlpatterns = [
    path("regio/dashboard/", views.dashboard, name="regional_dashboard"),
    path("regio/dashboard/csv/", views.dashboard_csv, name="regional_dashboard_csv"),
    path("regio/dashboard/csv/<slug:figure>/", views.figure_csv, name="regional_figure_csv"),
    path("regio/dashboard/bijwerken/", views.refresh, name="regional_refresh"),
    path("regio/criteria/", views.criteria_list, name="regional_criteria"),
    path("regio/criteria/nieuw/", views.criterion_create, name="regional_criterion_create"),
    path("regio/criteria/<int:pk>/", views.criterion_edit, name="regional_criterion_edit"),
    path("regio/goede-voorbeelden/", views_practice.good_practice_list, name="good_practice_list"),
    path("werk/goede-voorbeelden/nieuw/", views_practice.good_practice_create, name="good_practice_create"),
    path(
        "werk/goede-voorbeelden/<int:pk>/verwijderen/", views_practice.good_practice_delete, name="good_practice_delete"
    ),
    path("werk/jaarverslagen/", views_report.annual_report_list, name="annual_report_list"),
    path(
        "werk/jaarverslagen/<slug:council>/<int:year>/", views_report.annual_report_detail, name="annual_report_detail"
    ),
    path("werk/jaarverslagen/<slug:council>/<int:year>/pdf/", views_report.annual_report_pdf, name="annual_report_pdf"),
    path(
        "werk/jaarverslagen/<slug:council>/<int:year>/vaststellen/",
        views_report.annual_report_adopt,
        name="annual_report_adopt",
    ),
    path("jaarverslag/<slug:council>/<int:year>/", views_report.annual_report_public, name="annual_report_public"),
]
