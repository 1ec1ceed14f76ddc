from django.urls import path

from .views import public, work

app_name = "agenda"

urlpatterns = [
    # Public: the agenda, reacting to an item, and residents' proposals (a signal with a kind).
    path("agenda/", public.agenda_list, name="list"),
    path("agenda/voorstel/", public.propose, name="propose"),
    path("agenda/<int:pk>/", public.agenda_item, name="item"),
    path("agenda/<int:pk>/reageer/", public.react, name="react"),
    # Work: the agenda of the user's councils, with its history.
    path("werk/agenda/", work.item_list, name="work_list"),
    path("werk/agenda/nieuw/", work.item_create, name="work_create"),
    path("werk/agenda/<int:pk>/", work.item_detail, name="work_item"),
    path("werk/agenda/<int:pk>/bewerken/", work.item_edit, name="work_edit"),
    path("werk/agenda/<int:pk>/regio/", work.item_refer, name="work_refer"),
    # Triage actions on a signal (proposal): agenda-owned forms, linked from the signal's page.
    path("werk/signalen/<int:pk>/agenderen/", work.proposal_to_agenda, name="proposal_to_agenda"),
    path("werk/signalen/<int:pk>/afwijzen/", work.proposal_decline, name="proposal_decline"),
    # Early-involvement requests.
    path("werk/verzoeken/", work.request_list, name="request_list"),
    path("werk/verzoeken/nieuw/", work.request_create, name="request_create"),
    path("werk/verzoeken/<int:pk>/", work.request_detail, name="request_detail"),
    path("werk/verzoeken/<int:pk>/in-behandeling/", work.request_acknowledge, name="request_acknowledge"),
    path("werk/verzoeken/<int:pk>/advies/", work.request_advice, name="request_advice"),
    path("werk/verzoeken/<int:pk>/agenderen/", work.request_to_agenda, name="request_to_agenda"),
    path("werk/verzoeken/<int:pk>/regio/", work.request_refer, name="request_refer"),
    path("werk/verzoeken/<int:pk>/afronden/", work.request_close, name="request_close"),
]
