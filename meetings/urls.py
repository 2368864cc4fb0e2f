from django.urls import path

from .views import partner, public, staff, staff_people

app_name = "meetings"

urlpatterns = [
    # Public
    path("arbeitsgruppen/", public.body_list, name="bodies"),
    path("arbeitsgruppen/<slug:slug>/", public.body_detail, name="body"),
    path(
        "arbeitsgruppen/<slug:slug>/kalender.ics",
        public.body_calendar_feed,
        name="body_calendar",
    ),
    path("termine/", public.meeting_list, name="list"),
    path("termine/kalender.ics", public.calendar_feed, name="calendar"),
    path("termine/<int:pk>/", public.meeting_detail, name="detail"),
    path("termine/<int:pk>/ergebnisse/", public.meeting_results, name="results"),
    path("termine/<int:pk>/termin.ics", public.meeting_ics, name="meeting_ics"),
    path(
        "termine/<int:pk>/dokumente/<int:doc_id>/",
        public.document_download,
        name="document",
    ),
    # Partner contacts
    path("mein-bereich/termine/<int:pk>/rueckmeldung/", partner.rsvp, name="rsvp"),
    path(
        "mein-bereich/klimakreise/<int:circle_id>/anmelden/",
        partner.circle_register,
        name="circle_register",
    ),
    path(
        "mein-bereich/klimakreise/<int:circle_id>/abmelden/",
        partner.circle_leave,
        name="circle_leave",
    ),
    path(
        "mein-bereich/klimakreise/<int:circle_id>/wechseln/",
        partner.circle_switch,
        name="circle_switch",
    ),
    path("mein-bereich/arbeitsgruppen/", partner.memberships, name="memberships"),
    path(
        "mein-bereich/arbeitsgruppen/<int:membership_id>/beenden/",
        partner.membership_end,
        name="membership_end",
    ),
    path(
        "mein-bereich/aufgaben/<int:pk>/erledigt/",
        partner.action_item_complete,
        name="action_item_complete",
    ),
    # Staff
    path("stabsstelle/termine/", staff.staff_meeting_list, name="staff_list"),
    path("stabsstelle/termine/neu/", staff.meeting_create, name="create"),
    path("stabsstelle/termine/<int:pk>/", staff.meeting_manage, name="manage"),
    path("stabsstelle/termine/<int:pk>/bearbeiten/", staff.meeting_edit, name="edit"),
    path("stabsstelle/termine/<int:pk>/veroeffentlichen/", staff.meeting_publish, name="publish"),
    path("stabsstelle/termine/<int:pk>/status/", staff.meeting_state, name="state"),
    path("stabsstelle/termine/<int:pk>/tagesordnung/", staff.agenda_add, name="agenda_add"),
    path(
        "stabsstelle/termine/<int:pk>/tagesordnung/<int:item_id>/",
        staff.agenda_change,
        name="agenda_change",
    ),
    path("stabsstelle/termine/<int:pk>/klimakreise/", staff.circle_add, name="circle_add"),
    path(
        "stabsstelle/termine/<int:pk>/klimakreise/<int:circle_id>/",
        staff.circle_edit,
        name="circle_edit",
    ),
    path(
        "stabsstelle/termine/<int:pk>/klimakreise/<int:circle_id>/teilnehmende/",
        staff_people.circle_participant_add,
        name="circle_participant_add",
    ),
    path(
        "stabsstelle/termine/<int:pk>/klimakreise/<int:circle_id>/teilnehmende/"
        "<int:registration_id>/entfernen/",
        staff_people.circle_participant_remove,
        name="circle_participant_remove",
    ),
    path(
        "stabsstelle/termine/<int:pk>/klimakreise/<int:circle_id>/teilnehmende.csv",
        staff_people.circle_participants_csv,
        name="circle_participants_csv",
    ),
    path("stabsstelle/termine/<int:pk>/anwesenheit/", staff.attendance, name="attendance"),
    path("stabsstelle/termine/<int:pk>/dokumente/", staff.document_add, name="document_add"),
    path(
        "stabsstelle/termine/<int:pk>/dokumente/<int:doc_id>/loeschen/",
        staff.document_remove,
        name="document_remove",
    ),
    path("stabsstelle/termine/<int:pk>/aufgaben/", staff.action_item_add, name="action_item_add"),
    path("stabsstelle/termine/<int:pk>/rueckmeldungen/", staff.rsvp_list, name="rsvps"),
    path("stabsstelle/termine/<int:pk>/rueckmeldungen.csv", staff.rsvp_csv, name="rsvps_csv"),
    path(
        "stabsstelle/termine/<int:pk>/rueckmeldungen/erinnern/",
        staff_people.rsvp_remind,
        name="rsvp_remind",
    ),
    path("stabsstelle/aufgaben/", staff.staff_action_items, name="staff_action_items"),
    path("stabsstelle/aufgaben/<int:pk>/", staff.action_item_edit, name="action_item_edit"),
    path("stabsstelle/arbeitsgruppen/", staff.staff_memberships, name="staff_memberships"),
    path(
        "stabsstelle/arbeitsgruppen/mitgliedschaften/<int:membership_id>/",
        staff.membership_decide,
        name="membership_decide",
    ),
    path(
        "stabsstelle/arbeitsgruppen/mitgliedschaften/neu/",
        staff_people.membership_add,
        name="membership_add",
    ),
    path(
        "stabsstelle/arbeitsgruppen/mitgliedschaften/<int:membership_id>/rolle/",
        staff_people.membership_role,
        name="membership_role",
    ),
    path("stabsstelle/arbeitsgruppen/<slug:slug>/bearbeiten/", staff.body_edit, name="body_edit"),
]
