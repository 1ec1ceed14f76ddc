from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    # Public: joining the expert network, and the consent link of a bulk invitation.
    path("expertteam/", views.expert_signup, name="expert_signup"),
    path("expertteam/bedankt/", views.expert_signup_done, name="expert_signup_done"),
    path("expertteam/toestemming/<str:token>/", views.expert_consent, name="expert_consent"),
    # Work: the network organisations and the expert network of the user's councils.
    path("werk/netwerk/", views.organisation_list, name="organisation_list"),
    path("werk/netwerk/nieuw/", views.organisation_create, name="organisation_create"),
    path("werk/netwerk/import/", views.organisation_import, name="organisation_import"),
    path("werk/netwerk/export.csv", views.organisation_export, name="organisation_export"),
    path("werk/netwerk/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("werk/netwerk/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("werk/expertteam/", views.expert_list, name="expert_list"),
    path("werk/expertteam/uitnodigen/", views.expert_invite, name="expert_invite"),
    path("werk/expertteam/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("werk/expertteam/<int:pk>/bevestigen/", views.expert_confirm, name="expert_confirm"),
]
