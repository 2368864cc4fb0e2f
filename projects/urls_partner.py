"""The partner area: /mein-bereich/projekte/…"""

from django.urls import path

from . import views

app_name = "projects_partner"

urlpatterns = [
    path("", views.PartnerProjectListView.as_view(), name="list"),
    path("neu/", views.ProjectCreateView.as_view(), name="create"),
    path("ergebnisse/import/", views.ResultsImportView.as_view(), name="import"),
    path(
        "ergebnisse/import/bestaetigen/",
        views.ResultsImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path("<slug:slug>/", views.PartnerProjectDetailView.as_view(), name="detail"),
    path("<slug:slug>/bearbeiten/", views.ProjectEditView.as_view(), name="edit"),
    path("<slug:slug>/einreichen/", views.ProjectSubmitView.as_view(), name="submit"),
    path(
        "<slug:slug>/beteiligung/bestaetigen/",
        views.ParticipationAnswerView.as_view(action="confirm"),
        name="participation_confirm",
    ),
    path(
        "<slug:slug>/beteiligung/ablehnen/",
        views.ParticipationAnswerView.as_view(action="decline"),
        name="participation_decline",
    ),
    path("<slug:slug>/ergebnisse/neu/", views.ResultFormView.as_view(), name="result_add"),
    path("<slug:slug>/ergebnisse/<int:year>/", views.ResultFormView.as_view(), name="result_edit"),
    path(
        "<slug:slug>/ergebnisse/<int:year>/loeschen/",
        views.ResultDeleteView.as_view(),
        name="result_delete",
    ),
    path(
        "<slug:slug>/ergebnisse/<int:year>/nachweis/",
        views.ResultEvidenceView.as_view(),
        name="result_evidence",
    ),
    path(
        "<slug:slug>/aenderung/ergebnisse/<int:year>/nachweis/",
        views.PendingEvidenceView.as_view(),
        name="pending_evidence",
    ),
    path("<slug:slug>/nachweise/<int:pk>/", views.DocumentDownloadView.as_view(), name="document"),
    path(
        "<slug:slug>/nachweise/<int:pk>/loeschen/",
        views.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
]
