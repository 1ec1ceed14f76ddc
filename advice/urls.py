from django.urls import path, register_converter

from .models import NUMBER_PATTERN
from .views import public, work


class AdviceNumberConverter:
    regex = NUMBER_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AdviceNumberConverter, "advice_number")

app_name = "advice"

urlpatterns = [
    # Public: the archive of sent advice with the colleges' responses, its feed, and what came of signals.
    path("adviezen/", public.archive, name="archive"),
    path("adviezen/feed/", public.AdviceFeed(), name="feed"),
    path("adviezen/<advice_number:number>/", public.detail, name="detail"),
    path("adviezen/<advice_number:number>/pdf/", public.pdf, name="pdf"),
    path("adviezen/<advice_number:number>/reactie/pdf/", public.response_letter, name="response_letter"),
    path("wat-is-ermee-gedaan/", public.what_was_done, name="what_was_done"),
    # Work: drafting together, adoption, sending, the college's response.
    path("werk/adviezen/", work.advice_list, name="work_list"),
    path("werk/adviezen/nieuw/", work.advice_create, name="work_create"),
    path("werk/adviezen/<int:pk>/", work.advice_detail, name="work_detail"),
    path("werk/adviezen/<int:pk>/bewerken/", work.advice_edit, name="work_edit"),
    path("werk/adviezen/<int:pk>/aanbevelingen/", work.recommendations_edit, name="work_recommendations"),
    path("werk/adviezen/<int:pk>/status/", work.advice_status, name="work_status"),
    path("werk/adviezen/<int:pk>/vaststellen/", work.advice_adopt, name="work_adopt"),
    path("werk/adviezen/<int:pk>/verzenden/", work.advice_send, name="work_send"),
    path("werk/adviezen/<int:pk>/voorbeeld.pdf", work.advice_preview, name="work_preview"),
    path("werk/adviezen/<int:pk>/pdf/", work.advice_pdf, name="work_pdf"),
    path("werk/adviezen/<int:pk>/reactie/", work.response_record, name="work_response"),
    path("werk/adviezen/<int:pk>/reactie/pdf/", work.response_letter, name="work_response_letter"),
    path("werk/adviezen/<int:pk>/afronden/", work.advice_close, name="work_close"),
    path("werk/adviezen/<int:pk>/correctie/", work.advice_correct, name="work_correct"),
]
