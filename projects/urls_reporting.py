"""Reporting compliance (#15.5): the partner's "nothing to report" form under /mein-bereich/,
the staff overview under /stabsstelle/berichtspflicht/."""

from django.urls import path

from . import reporting_views as views

app_name = "projects_reporting"

urlpatterns = [
    path(
        "mein-bereich/berichtspflicht/<slug:slug>/<int:year>/nichts-zu-berichten/",
        views.NothingToReportView.as_view(),
        name="statement",
    ),
    path("stabsstelle/berichtspflicht/", views.ComplianceStaffView.as_view(), name="staff"),
    path("stabsstelle/berichtspflicht/export.csv", views.compliance_csv, name="staff_csv"),
]
