from django.urls import path

from .views import meetings, public, work

app_name = "tables"

urlpatterns = [
    # Public: the tables and how to join; answering an invitation and a calendar feed by their tokens.
    path("tafels/", public.table_list, name="list"),
    path("tafels/<int:pk>/", public.table_detail, name="detail"),
    path("tafels/<int:pk>/meedoen/", public.join, name="join"),
    path("uitnodiging/<str:token>/", meetings.invitation, name="invitation"),
    path("kalender/<str:token>.ics", meetings.calendar_feed, name="calendar_feed"),
    # Work: tables, seats and join requests.
    path("werk/tafels/", work.table_list, name="work_list"),
    path("werk/tafels/nieuw/", work.table_create, name="work_create"),
    path("werk/tafels/<int:pk>/", work.table_detail, name="work_detail"),
    path("werk/tafels/<int:pk>/bewerken/", work.table_edit, name="work_edit"),
    path("werk/tafels/<int:pk>/status/", work.table_status, name="work_status"),
    path("werk/tafels/<int:pk>/afronden/", work.table_conclude, name="work_conclude"),
    path("werk/tafels/<int:pk>/plaatsen/", work.seat_add, name="seat_add"),
    path("werk/tafels/plaatsen/<int:pk>/status/", work.seat_status, name="seat_status"),
    path("werk/tafels/aanmeldingen/<int:pk>/", work.join_decide, name="join_decide"),
    # Work: meetings (a table's, a council's own, the periodic consultation) and invitations.
    path("werk/bijeenkomsten/", meetings.meeting_list, name="meeting_list"),
    path("werk/bijeenkomsten/nieuw/", meetings.meeting_create, name="meeting_create"),
    path("werk/bijeenkomsten/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("werk/bijeenkomsten/<int:pk>/bewerken/", meetings.meeting_edit, name="meeting_edit"),
    path("werk/bijeenkomsten/<int:pk>/uitnodigen/", meetings.meeting_invite, name="meeting_invite"),
    path("werk/bijeenkomsten/<int:pk>/annuleren/", meetings.meeting_cancel, name="meeting_cancel"),
    path("werk/bijeenkomsten/<int:pk>/verslag/", meetings.meeting_minutes, name="meeting_minutes"),
    path("werk/kalender/", meetings.calendar_settings, name="calendar_settings"),
]
