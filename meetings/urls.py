from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    # Public
    path("arbeitsgruppen/", views.body_list, name="bodies"),
    path("arbeitsgruppen/<slug:slug>/", views.body_detail, name="body"),
    path(
        "arbeitsgruppen/<slug:slug>/kalender.ics",
        views.body_calendar_feed,
        name="body_calendar",
    ),
    path("termine/", views.meeting_list, name="list"),
    path("termine/kalender.ics", views.calendar_feed, name="calendar"),
    path("termine/<int:pk>/", views.meeting_detail, name="detail"),
    path("termine/<int:pk>/ergebnisse/", views.meeting_results, name="results"),
    path(
        "termine/<int:pk>/dokumente/<int:doc_id>/",
        views.document_download,
        name="document",
    ),
    # Partner contacts
    path("mein-bereich/termine/<int:pk>/rueckmeldung/", views.rsvp, name="rsvp"),
    path(
        "mein-bereich/klimakreise/<int:circle_id>/anmelden/",
        views.circle_register,
        name="circle_register",
    ),
    path(
        "mein-bereich/klimakreise/<int:circle_id>/abmelden/",
        views.circle_leave,
        name="circle_leave",
    ),
    path("mein-bereich/arbeitsgruppen/", views.memberships, name="memberships"),
    path(
        "mein-bereich/arbeitsgruppen/<int:membership_id>/beenden/",
        views.membership_end,
        name="membership_end",
    ),
    path(
        "mein-bereich/aufgaben/<int:pk>/erledigt/",
        views.action_item_complete,
        name="action_item_complete",
    ),
    # Staff
    path("stabsstelle/termine/", views.staff_meeting_list, name="staff_list"),
    path("stabsstelle/termine/neu/", views.meeting_create, name="create"),
    path("stabsstelle/termine/<int:pk>/", views.meeting_manage, name="manage"),
    path("stabsstelle/termine/<int:pk>/bearbeiten/", views.meeting_edit, name="edit"),
    path("stabsstelle/termine/<int:pk>/veroeffentlichen/", views.meeting_publish, name="publish"),
    path("stabsstelle/termine/<int:pk>/status/", views.meeting_state, name="state"),
    path("stabsstelle/termine/<int:pk>/tagesordnung/", views.agenda_add, name="agenda_add"),
    path(
        "stabsstelle/termine/<int:pk>/tagesordnung/<int:item_id>/",
        views.agenda_change,
        name="agenda_change",
    ),
    path("stabsstelle/termine/<int:pk>/klimakreise/", views.circle_add, name="circle_add"),
    path(
        "stabsstelle/termine/<int:pk>/klimakreise/<int:circle_id>/",
        views.circle_edit,
        name="circle_edit",
    ),
    path("stabsstelle/termine/<int:pk>/anwesenheit/", views.attendance, name="attendance"),
    path("stabsstelle/termine/<int:pk>/dokumente/", views.document_add, name="document_add"),
    path(
        "stabsstelle/termine/<int:pk>/dokumente/<int:doc_id>/loeschen/",
        views.document_remove,
        name="document_remove",
    ),
    path("stabsstelle/termine/<int:pk>/aufgaben/", views.action_item_add, name="action_item_add"),
    path("stabsstelle/termine/<int:pk>/rueckmeldungen/", views.rsvp_list, name="rsvps"),
    path("stabsstelle/termine/<int:pk>/rueckmeldungen.csv", views.rsvp_csv, name="rsvps_csv"),
    path("stabsstelle/aufgaben/", views.staff_action_items, name="staff_action_items"),
    path("stabsstelle/aufgaben/<int:pk>/", views.action_item_edit, name="action_item_edit"),
    path("stabsstelle/arbeitsgruppen/", views.staff_memberships, name="staff_memberships"),
    path(
        "stabsstelle/arbeitsgruppen/mitgliedschaften/<int:membership_id>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path("stabsstelle/arbeitsgruppen/<slug:slug>/bearbeiten/", views.body_edit, name="body_edit"),
]
