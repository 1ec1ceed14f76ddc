from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("signaal/", views.submit, name="submit"),
    path("signaal/ontvangen/", views.received, name="received"),
    path("signaal/volg/", views.follow, name="follow"),
    path("signaal/volg/<str:code>/", views.follow_detail, name="follow_detail"),
    path("signaal/volg/<str:code>/reactie/", views.follow_satisfaction, name="follow_satisfaction"),
    path("signaal/volg/<str:code>/heropenen/", views.follow_reopen, name="follow_reopen"),
    path("signaal/volg/<str:code>/wissen/", views.follow_erase, name="follow_erase"),
    path("signaal/toestemming/<str:token>/", views.parent_consent, name="parent_consent"),
    path("wat-we-horen/", views.what_we_hear_page, name="what_we_hear"),
    path("werk/signalen/", views.triage_list, name="triage"),
    path("werk/signalen/nieuw/", views.record, name="record"),
    path("werk/signalen/<int:pk>/", views.triage_detail, name="triage_detail"),
    path("werk/signalen/<int:pk>/status/", views.set_status, name="set_status"),
    path("werk/signalen/<int:pk>/afronden/", views.close, name="close"),
    path("werk/signalen/<int:pk>/dubbel/", views.mark_duplicate, name="mark_duplicate"),
    path("werk/signalen/<int:pk>/notitie/", views.add_note, name="add_note"),
    path("werk/signalen/<int:pk>/regio/", views.refer, name="refer"),
    path("werk/instellingen/", views.digest_settings, name="digest_settings"),
]
