"""German URLs of consensus decisions: the public register, the partner's position form and
the Stabsstelle's pages (the paths are the ones they had in the meetings app)."""

from django.urls import path

from .views import discussion, partner, public, staff

app_name = "decisions"

urlpatterns = [
    # Public
    path("beschluesse/", public.register, name="register"),
    path("beschluesse/export.csv", public.export_csv, name="register_csv"),
    path("beschluesse/export.json", public.export_json, name="register_json"),
    path("beschluesse/<int:pk>/", public.detail, name="detail"),
    # Contacts of active partners and staff: the discussion of an open proposal
    path("beschluesse/<int:pk>/diskussion/", discussion.comment_add, name="comment"),
    # Partner contacts
    path("mein-bereich/beschluesse/<int:pk>/position/", partner.position, name="position"),
    # Staff
    path("stabsstelle/beschluesse/", staff.staff_list, name="staff_list"),
    path("stabsstelle/beschluesse/neu/", staff.proposal_create, name="create"),
    path("stabsstelle/beschluesse/<int:pk>/", staff.proposal_manage, name="manage"),
    path("stabsstelle/beschluesse/<int:pk>/bearbeiten/", staff.proposal_edit, name="edit"),
    path("stabsstelle/beschluesse/<int:pk>/oeffnen/", staff.proposal_open, name="open"),
    path("stabsstelle/beschluesse/<int:pk>/schliessen/", staff.proposal_close, name="close"),
    path(
        "stabsstelle/beschluesse/<int:pk>/zurueckziehen/",
        staff.proposal_withdraw,
        name="withdraw",
    ),
    path("stabsstelle/beschluesse/<int:pk>/muendlich/", staff.oral_position, name="oral"),
    path("stabsstelle/beschluesse/<int:pk>/verlaengern/", staff.proposal_extend, name="extend"),
    path("stabsstelle/beschluesse/<int:pk>/aufgaben/", staff.task_add, name="task_add"),
    path(
        "stabsstelle/beschluesse/<int:pk>/kommentare/<int:comment_id>/ausblenden/",
        discussion.comment_hide,
        name="comment_hide",
    ),
]
