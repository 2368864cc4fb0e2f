from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import media
from portal import dashboards, opendata, outbox, views

# The admin login goes through allauth (verification, rate limits) instead of its own form.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Climate protection portal – administration")
admin.site.site_title = _("Climate protection portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("suche/", views.site_search, name="search"),
    path("stabsstelle/seiten/<slug:page>/", views.LegalPageEditView.as_view(), name="legal_edit"),
    path("impressum/", views.legal_page, {"page": "impressum"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"page": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.legal_page,
        {"page": "barrierefreiheit"},
        name="barrierefreiheit",
    ),
    path(
        "leichte-sprache/",
        views.legal_page,
        {"page": "leichte-sprache"},
        name="leichte-sprache",
    ),
    path(
        "gebaerdensprache/",
        views.legal_page,
        {"page": "gebaerdensprache"},
        name="gebaerdensprache",
    ),
    path(
        "gebaerdensprache/videos/<int:pk>/video",
        views.sign_language_video,
        name="sign_language_video",
    ),
    path(
        "gebaerdensprache/videos/<int:pk>/untertitel.vtt",
        views.sign_language_captions,
        name="sign_language_captions",
    ),
    path(
        "stabsstelle/gebaerdensprache/",
        views.SignLanguageVideosView.as_view(),
        name="sign_language_videos",
    ),
    path("", include("partners.urls")),
    path("", include("news.urls")),
    path("", include("reports.urls")),
    path("", include("climate.urls")),
    path("", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("konto/weiter/", dashboards.dashboard_redirect, name="dashboard"),
    path("mein-bereich/", dashboards.PartnerDashboardView.as_view(), name="partner_dashboard"),
    path("stabsstelle/", dashboards.StaffDashboardView.as_view(), name="staff_dashboard"),
    path(
        "stabsstelle/e-mails/<int:pk>/erneut-senden/",
        outbox.outbox_mail_resend_view,
        name="outbox_mail_resend",
    ),
    path("projekte/", include("projects.urls")),
    path("mein-bereich/projekte/", include("projects.urls_partner")),
    path("stabsstelle/projekte/", include("projects.urls_staff")),
    path("", include("projects.urls_reporting")),
    path("", include("meetings.urls")),
    path("", include("decisions.urls")),
    path("", include("newsletter.urls")),
    path("opendata/", opendata.opendata_page, name="opendata"),
    path("opendata/catalog.jsonld", opendata.catalog_jsonld, name="opendata_catalog"),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]

urlpatterns += [path("media/<path:path>", media.public_image, name="media")]
