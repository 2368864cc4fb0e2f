from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("erklaerung/", views.declaration, name="declaration"),
    path("partner/", views.directory, name="directory"),
    path("partner/registrieren/", views.register, name="register"),
    path("partner/einladung/<str:token>/", views.InvitationView.as_view(), name="invitation"),
    path("partner/<slug:slug>/", views.detail, name="detail"),
    path("partner/<slug:slug>/bearbeiten/", views.PartnerEditView.as_view(), name="edit"),
    path("partner/<slug:slug>/unterzeichnen/", views.SignView.as_view(), name="sign"),
    path("partner/<slug:slug>/kontakte/", views.ContactsView.as_view(), name="contacts"),
    path(
        "partner/<slug:slug>/kontakte/<int:contact_id>/entfernen/",
        views.contact_remove,
        name="contact_remove",
    ),
    path(
        "partner/<slug:slug>/kontakte/einladungen/<int:invitation_id>/zurueckziehen/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "partner/<slug:slug>/kontakte/einladungen/<int:invitation_id>/erneut-senden/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "partner/<slug:slug>/urkunde/<int:signature_id>/",
        views.certificate,
        name="certificate",
    ),
    path("partner/<slug:slug>/austritt/", views.WithdrawView.as_view(), name="withdraw"),
    path(
        "stabsstelle/erklaerung/neu/",
        views.DeclarationCreateView.as_view(),
        name="declaration_create",
    ),
    path(
        "stabsstelle/unterschriften/<int:signature_id>/bestaetigen/",
        views.signature_confirm,
        name="signature_confirm",
    ),
    path(
        "stabsstelle/unterschriften/<int:signature_id>/zurueckgeben/",
        views.SignatureReturnView.as_view(),
        name="signature_return",
    ),
]
