from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

# The admin logs in through allauth, so it shares allauth's rate limits and MFA.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "IJmond Participatie – beheer"
admin.site.site_title = "IJmond Participatie"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("toegankelijkheid/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("", include("infrastructure.urls")),
    path("werk/", views.WorkDashboardView.as_view(), name="work_dashboard"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
    path("", include("councils.urls")),
    path("", include("signals.urls")),
    path("", include("agenda.urls")),
    path("", include("tables.urls")),
    path("", include("advice.urls")),
    path("", include("members.urls")),
    path("", include("ijmond_participatie.regional.urls")),
]

handler400 = "ijmond_participatie.views.bad_request"
handler403 = "ijmond_participatie.views.permission_denied"
handler404 = "ijmond_participatie.views.page_not_found"
handler500 = "ijmond_participatie.views.server_error"
