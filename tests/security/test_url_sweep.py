"""Security sweep: every URL pattern of the portal, resolved with real objects, requested in
every role of DESIGN.md's role table (tests/security/world.py): anonymous, contacts of two
active partners (A owns the world's objects, B is another organisation), contacts of a
registered, a signed and a withdrawn partner, staff and a superuser. The expected answer per
role is in SWEEP below, mostly one of the named audiences (PUBLIC, STAFF, CONTACTS, ACTIVE,
MEMBERS, OWN_A, ...), so a new view without a permission check -- or one that forgets the
partner's state -- fails the suite ("add <name> to the sweep table").

Expectations: 200/403/404/405 exact status; LOGIN = 302 to /konto/login/; Redirect(path) = 302
to that path; OK = the rightful role may POST empty data: anything but a server error.

Uploads: downloads answer `Content-Disposition: attachment` with a non-HTML type, and uploads
whose content is HTML are refused. Media files: Django's `static()` serving of MEDIA_ROOT is
only added with DEBUG on; in production (and here) `/media/` is the portal's own view
(core/media.py) that serves only the public image folders as images, so evidence,
meeting documents and report PDFs leave only through their permission-checked download views.
"""

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from .downloads import download_problems
from .world import HTML_BYTES, NOT_ACTIVE, ROLES, World

LOGIN = "login"
OK = "ok"


@dataclass(frozen=True)
class Redirect:
    path: str


def E(anon, a, b, reg, signed, wd, staff, su) -> dict:
    """One expectation per role, in the order of world.ROLES: anonymous; contacts of A
    (active, owns the world's objects), B (active, another organisation), a registered, a
    signed and a withdrawn partner; staff; superuser. All eight are required, so a row says
    what every role gets."""
    return dict(zip(ROLES, (anon, a, b, reg, signed, wd, staff, su), strict=True))


# The rule table: the audiences of DESIGN.md's role table. Most URLs are one of these; rows
# about one object (A's draft, W's project) spell out the owner's column.
#                  anon   a    b    reg  signed wd  staff super
PUBLIC = E(200, 200, 200, 200, 200, 200, 200, 200)
ANY_OK = E(OK, OK, OK, OK, OK, OK, OK, OK)  # POST to a read-only page: no change, no 500
NOT_ALLOWED = E(405, 405, 405, 405, 405, 405, 405, 405)
NOT_FOUND = E(404, 404, 404, 404, 404, 404, 404, 404)
# Staff of the Stabsstelle (the superuser may do everything staff may).
STAFF = E(LOGIN, 403, 403, 403, 403, 403, 200, 200)
STAFF_POST = E(LOGIN, 403, 403, 403, 403, 403, OK, OK)
STAFF_POST_405 = E(LOGIN, 403, 403, 403, 403, 403, 405, 405)  # staff page without a form
STAFF_ONLY_404 = E(404, 404, 404, 404, 404, 404, 200, 200)  # hidden from all but staff
STAFF_ONLY_404_POST = E(404, 404, 404, 404, 404, 404, OK, OK)
NOBODY = E(LOGIN, 403, 403, 403, 403, 403, 403, 403)  # no role may (through the portal)
# Any partner contact, whatever its partner's state (its own area, its own history).
CONTACTS = E(LOGIN, 200, 200, 200, 200, 200, 403, 403)
CONTACTS_POST_405 = E(LOGIN, 405, 405, 405, 405, 405, 403, 403)
# Contacts of active partners: taking part (RSVP, circles, positions, projects).
ACTIVE = E(LOGIN, 200, 200, 403, 403, 403, 403, 403)
ACTIVE_POST = E(LOGIN, OK, OK, 403, 403, 403, 403, 403)
# Members (contacts of active partners) and staff: internal documents, the results import.
MEMBERS = E(LOGIN, 200, 200, 403, 403, 403, 200, 200)
MEMBERS_POST = E(LOGIN, OK, OK, 403, 403, 403, OK, OK)
# A's own pages (A is active): A's contacts and staff.
OWN_A = E(LOGIN, 200, 403, 403, 403, 403, 200, 200)
OWN_A_POST = E(LOGIN, OK, 403, 403, 403, 403, OK, OK)
# Anyone logged in.
LOGGED_IN = E(LOGIN, 200, 200, 200, 200, 200, 200, 200)
LOGGED_IN_POST = E(LOGIN, OK, OK, OK, OK, OK, OK, OK)

# Skipped prefixes, each with its reason. Everything else under them is in the table.
SKIPPED_PREFIXES = {
    "admin/": "Django admin: superuser only (is_staff), Django's own permission checks",
    "konto/": "allauth's account pages (login, signup, password, e-mail): allauth's own views",
}
# The portal's own views under a skipped prefix: swept.
NOT_SKIPPED = {
    "accounts:profile",
    "accounts:my_data",
    "accounts:my_data_export",
    "dashboard",
    "newsletter:preferences",
}

TO_MY_AREA = Redirect("/mein-bereich/")
TO_STAFF_AREA = Redirect("/stabsstelle/")

# name (or name[variant]) -> {"get": expectations, "post": expectations}. A URL pattern
# missing here fails test_every_url_pattern_is_in_the_sweep_table: place it in an audience.
SWEEP: dict[str, dict[str, dict]] = {
    # klimaportal
    "home": {"get": PUBLIC, "post": ANY_OK},
    "healthz": {"get": PUBLIC, "post": NOT_ALLOWED},
    "liveness": {"get": PUBLIC, "post": NOT_ALLOWED},
    "search": {"get": PUBLIC, "post": ANY_OK},
    "legal_edit": {"get": STAFF, "post": STAFF_POST},
    "impressum": {"get": PUBLIC, "post": NOT_FOUND},
    "datenschutz": {"get": PUBLIC, "post": NOT_FOUND},
    "barrierefreiheit": {"get": PUBLIC, "post": ANY_OK},
    "leichte-sprache": {"get": PUBLIC, "post": NOT_FOUND},
    "gebaerdensprache": {"get": PUBLIC, "post": NOT_FOUND},
    "sign_language_video": {"get": PUBLIC, "post": NOT_ALLOWED},
    "sign_language_captions": {"get": PUBLIC, "post": NOT_ALLOWED},
    "sign_language_videos": {"get": STAFF, "post": STAFF_POST},
    "dashboard": {
        "get": E(LOGIN, *[TO_MY_AREA] * 5, TO_STAFF_AREA, TO_STAFF_AREA),
        "post": LOGGED_IN_POST,
    },
    "partner_dashboard": {"get": CONTACTS, "post": CONTACTS_POST_405},
    "staff_dashboard": {"get": STAFF, "post": STAFF_POST_405},
    "outbox_mail_resend": {"get": NOT_ALLOWED, "post": STAFF_POST},
    # accounts (own data, staff on request)
    "accounts:profile": {"get": LOGGED_IN, "post": LOGGED_IN_POST},
    "accounts:my_data": {"get": LOGGED_IN, "post": LOGGED_IN_POST},
    # Regression (fixed): 500 for a user who wrote a news post without image (data_rights.py
    # `_plain` calls hasattr(value, "url") on an empty ImageFieldFile, which raises ValueError).
    "accounts:my_data_export": {"get": LOGGED_IN, "post": LOGGED_IN_POST},
    "accounts:people": {"get": STAFF, "post": STAFF_POST},
    "accounts:person_export": {"get": STAFF, "post": STAFF_POST},
    "accounts:person_erase": {"get": NOT_ALLOWED, "post": STAFF_POST},
    # Staff handle requests of people, not of staff or superuser accounts (those are the
    # superusers' business, in the admin).
    "accounts:person_export[staff]": {"get": NOBODY, "post": NOBODY},
    "accounts:person_export[super]": {"get": NOBODY, "post": NOBODY},
    "accounts:person_erase[staff]": {"get": NOT_ALLOWED, "post": NOBODY},
    "accounts:person_erase[super]": {"get": NOT_ALLOWED, "post": NOBODY},
    # partners (A's pages unless the variant names another partner)
    "partners:declaration": {"get": PUBLIC, "post": ANY_OK},
    "partners:directory": {"get": PUBLIC, "post": ANY_OK},
    "partners:register": {
        # Contacts already act for an organisation; staff users have none and may register one.
        "get": E(LOGIN, *[TO_MY_AREA] * 5, 200, 200),
        "post": LOGGED_IN_POST,
    },
    # The token is the secret sent by mail; any logged-in user holding it may accept.
    "partners:invitation": {"get": LOGGED_IN, "post": LOGGED_IN_POST},
    "partners:detail": {"get": PUBLIC, "post": ANY_OK},
    "partners:edit": {"get": OWN_A, "post": OWN_A_POST},
    # A registered partner manages its registration and profile; a withdrawn one changes nothing.
    "partners:edit[registered]": {
        "get": E(LOGIN, 403, 403, 200, 403, 403, 200, 200),
        "post": E(LOGIN, 403, 403, OK, 403, 403, OK, OK),
    },
    "partners:edit[withdrawn]": {"get": STAFF, "post": STAFF_POST},
    "partners:sign": {
        "get": E(LOGIN, 200, 403, 403, 403, 403, 403, 403),
        "post": E(LOGIN, OK, 403, 403, 403, 403, 403, 403),
    },
    "partners:sign[registered]": {
        "get": E(LOGIN, 403, 403, 200, 403, 403, 403, 403),
        "post": E(LOGIN, 403, 403, OK, 403, 403, 403, 403),
    },
    "partners:sign[withdrawn]": {
        "get": E(LOGIN, 403, 403, 403, 403, 403, 403, 403),
        "post": E(LOGIN, 403, 403, 403, 403, 403, 403, 403),
    },
    "partners:contacts": {"get": OWN_A, "post": OWN_A_POST},
    "partners:contacts[signed]": {
        "get": E(LOGIN, 403, 403, 403, 200, 403, 200, 200),
        "post": E(LOGIN, 403, 403, 403, OK, 403, OK, OK),
    },
    # A withdrawn partner's contacts read who acted for it, and invite nobody.
    "partners:contacts[withdrawn]": {
        "get": E(LOGIN, 403, 403, 403, 403, 200, 200, 200),
        "post": STAFF_POST,
    },
    "partners:contact_remove": {"get": NOT_ALLOWED, "post": OWN_A_POST},
    "partners:invitation_withdraw": {"get": NOT_ALLOWED, "post": OWN_A_POST},
    "partners:invitation_resend": {"get": NOT_ALLOWED, "post": OWN_A_POST},
    "partners:certificate": {"get": OWN_A, "post": OWN_A_POST},
    "partners:withdraw": {"get": STAFF, "post": STAFF_POST},
    "partners:declaration_create": {"get": STAFF, "post": STAFF_POST},
    "partners:signature_confirm": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "partners:signature_confirm[signed]": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "partners:signature_return": {"get": STAFF, "post": STAFF_POST},
    # news
    "news:list": {"get": PUBLIC, "post": ANY_OK},
    "news:feed": {"get": PUBLIC, "post": ANY_OK},
    "news:detail": {"get": PUBLIC, "post": ANY_OK},
    "news:detail[draft]": {"get": STAFF_ONLY_404, "post": STAFF_ONLY_404_POST},
    "news:staff_list": {"get": STAFF, "post": STAFF_POST_405},
    "news:create": {"get": STAFF, "post": STAFF_POST},
    "news:edit": {"get": STAFF, "post": STAFF_POST},
    # newsletter: public subscription and archive; issues for staff; a contact's preferences
    "newsletter:subscribe": {"get": PUBLIC, "post": ANY_OK},
    "newsletter:requested": {"get": PUBLIC, "post": NOT_ALLOWED},
    # A forged confirmation link: the same refusal for everyone (the journey is in
    # tests/newsletter).
    "newsletter:confirm": {"get": E(*[400] * 8), "post": E(*[400] * 8)},
    "newsletter:unsubscribe": {"get": PUBLIC, "post": ANY_OK},
    "newsletter:archive": {"get": PUBLIC, "post": NOT_ALLOWED},
    "newsletter:archive_detail": {"get": PUBLIC, "post": NOT_ALLOWED},
    "newsletter:archive_detail[draft]": {"get": NOT_FOUND, "post": NOT_ALLOWED},
    "newsletter:staff_list": {"get": STAFF, "post": STAFF_POST_405},
    "newsletter:issue_create": {"get": STAFF, "post": STAFF_POST},
    "newsletter:issue_detail": {"get": STAFF, "post": STAFF_POST_405},
    "newsletter:issue_edit": {"get": STAFF, "post": STAFF_POST},
    "newsletter:issue_test": {"get": STAFF_POST_405, "post": STAFF_POST},
    "newsletter:issue_send": {"get": STAFF_POST_405, "post": STAFF_POST},
    "newsletter:preferences": {"get": CONTACTS, "post": E(LOGIN, OK, OK, OK, OK, OK, 403, 403)},
    # reports
    # The old staff URLs of the city balance redirect staff to climate's, behind the same rule.
    "reports:emissions": {
        "get": E(LOGIN, *[403] * 5, *[Redirect("/stabsstelle/klimabilanz/")] * 2),
        "post": E(LOGIN, *[403] * 5, *[Redirect("/stabsstelle/klimabilanz/")] * 2),
    },
    "reports:emissions_edit": {
        "get": E(LOGIN, *[403] * 5, *[Redirect("/stabsstelle/klimabilanz/2022/")] * 2),
        "post": E(LOGIN, *[403] * 5, *[Redirect("/stabsstelle/klimabilanz/2022/")] * 2),
    },
    # climate: the city balance and the emission factors
    "climate:balance": {"get": PUBLIC, "post": ANY_OK},
    "climate:balance_json": {"get": PUBLIC, "post": ANY_OK},
    "climate:balance_csv": {"get": PUBLIC, "post": ANY_OK},
    "decisions:register_csv": {"get": PUBLIC, "post": NOT_ALLOWED},
    "decisions:register_json": {"get": PUBLIC, "post": NOT_ALLOWED},
    "climate:methods": {"get": PUBLIC, "post": ANY_OK},
    "climate:balance_staff": {"get": STAFF, "post": STAFF_POST},
    "climate:balance_edit": {"get": STAFF, "post": STAFF_POST},
    "climate:balance_delete": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "climate:factors_staff": {"get": STAFF, "post": STAFF_POST},
    "climate:factor_new_version": {"get": STAFF, "post": STAFF_POST},
    "climate:factor_confirm": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "reports:staff_list": {"get": STAFF, "post": STAFF_POST},
    "reports:staff_download": {"get": STAFF, "post": STAFF_POST},
    "reports:publish": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "reports:unpublish": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "reports:public_list": {"get": PUBLIC, "post": ANY_OK},
    # The old id-based link of a published report moved to its year for good (301).
    "reports:download": {"get": E(*[301] * 8), "post": E(*[301] * 8)},
    "reports:report_page": {"get": PUBLIC, "post": ANY_OK},
    "reports:report_pdf": {"get": PUBLIC, "post": ANY_OK},
    "reports:report_data": {"get": PUBLIC, "post": ANY_OK},
    # A year without a published report, even if one is finished: nobody sees it here.
    "reports:report_page[unpublished]": {"get": NOT_FOUND, "post": NOT_FOUND},
    "reports:report_pdf[unpublished]": {"get": NOT_FOUND, "post": NOT_FOUND},
    "reports:report_data[unpublished]": {"get": NOT_FOUND, "post": NOT_FOUND},
    "reports:download[unpublished]": {"get": STAFF_ONLY_404, "post": STAFF_ONLY_404_POST},
    # projects, public
    "projects:list": {"get": PUBLIC, "post": NOT_ALLOWED},
    "projects:export_csv": {"get": PUBLIC, "post": NOT_ALLOWED},
    "projects:export_json": {"get": PUBLIC, "post": NOT_ALLOWED},
    "projects:export_geojson": {"get": PUBLIC, "post": NOT_ALLOWED},
    "projects:map": {"get": PUBLIC, "post": NOT_ALLOWED},
    "projects:detail": {"get": PUBLIC, "post": NOT_ALLOWED},
    "projects:detail[draft]": {
        "get": E(404, 200, 404, 404, 404, 404, 200, 200),
        "post": NOT_ALLOWED,
    },
    # projects, partner area (A's draft unless the variant says otherwise). Recording is for
    # contacts of an active lead partner; a withdrawn partner reads its projects' history.
    "projects_partner:list": {"get": CONTACTS, "post": CONTACTS_POST_405},
    "projects_partner:create": {"get": ACTIVE, "post": ACTIVE_POST},
    "projects_partner:import": {"get": MEMBERS, "post": MEMBERS_POST},
    "projects_partner:import_confirm": {
        "get": E(LOGIN, 405, 405, 403, 403, 403, 405, 405),
        "post": MEMBERS_POST,
    },
    "projects_partner:detail": {
        "get": E(LOGIN, 200, 404, 404, 404, 404, 200, 200),
        "post": E(LOGIN, 405, 404, 404, 404, 404, 405, 405),
    },
    "projects_partner:detail[published]": {
        "get": OWN_A,
        "post": E(LOGIN, 405, 403, 403, 403, 403, 405, 405),
    },
    "projects_partner:detail[withdrawn]": {
        "get": E(LOGIN, 404, 404, 404, 404, 200, 200, 200),
        "post": E(LOGIN, 404, 404, 404, 404, 405, 405, 405),
    },
    "projects_partner:edit": {
        "get": E(LOGIN, 200, 404, 404, 404, 404, 200, 200),
        "post": E(LOGIN, OK, 404, 404, 404, 404, OK, OK),
    },
    "projects_partner:edit[published]": {"get": OWN_A, "post": OWN_A_POST},
    "projects_partner:edit[withdrawn]": {
        "get": E(LOGIN, 404, 404, 404, 404, 403, 200, 200),
        "post": E(LOGIN, 404, 404, 404, 404, 403, OK, OK),
    },
    "projects_partner:submit": {
        "get": E(LOGIN, 405, 404, 404, 404, 404, 403, 403),
        "post": E(LOGIN, OK, 404, 404, 404, 404, 403, 403),
    },
    "projects_partner:submit[withdrawn]": {
        "get": E(LOGIN, 404, 404, 404, 404, 403, 403, 403),
        "post": E(LOGIN, 404, 404, 404, 404, 403, 403, 403),
    },
    "projects_partner:result_add": {
        "get": E(LOGIN, 200, 404, 404, 404, 404, 200, 200),
        "post": E(LOGIN, OK, 404, 404, 404, 404, OK, OK),
    },
    "projects_partner:result_add[withdrawn]": {
        "get": E(LOGIN, 404, 404, 404, 404, 403, 200, 200),
        "post": E(LOGIN, 404, 404, 404, 404, 403, OK, OK),
    },
    "projects_partner:result_edit": {"get": OWN_A, "post": OWN_A_POST},
    "projects_partner:document": {
        "get": E(LOGIN, 200, 404, 404, 404, 404, 200, 200),
        "post": E(LOGIN, 405, 404, 404, 404, 404, 405, 405),
    },
    "projects_partner:document[published]": {
        "get": OWN_A,
        "post": E(LOGIN, 405, 403, 403, 403, 403, 405, 405),
    },
    # Deleting what is not approved; evidence of results (issue #13). The world's published
    # result has no evidence and no pending value: 404 for those the gate lets through.
    "projects_partner:result_delete": {
        "get": E(LOGIN, 405, 403, 403, 403, 403, 405, 405),
        "post": E(LOGIN, 404, 403, 403, 403, 403, 404, 404),
    },
    "projects_partner:result_evidence": {
        "get": E(LOGIN, 404, 403, 403, 403, 403, 404, 404),
        "post": E(LOGIN, 405, 403, 403, 403, 403, 405, 405),
    },
    "projects_partner:pending_evidence": {
        "get": E(LOGIN, 404, 403, 403, 403, 403, 404, 404),
        "post": E(LOGIN, 405, 403, 403, 403, 403, 405, 405),
    },
    "projects_partner:document_delete": {
        "get": E(LOGIN, 405, 404, 404, 404, 404, 405, 405),
        "post": E(LOGIN, OK, 404, 404, 404, 404, OK, OK),
    },
    # B and W are invited to take part in A's published project: only a contact of the
    # invited partner answers, while it is active (W withdrew since); nobody answers for it.
    "projects_partner:participation_confirm": {
        "get": E(LOGIN, 404, 405, 404, 404, 403, 404, 404),
        "post": E(LOGIN, 404, OK, 404, 404, 403, 404, 404),
    },
    "projects_partner:participation_decline": {
        "get": E(LOGIN, 404, 405, 404, 404, 403, 404, 404),
        "post": E(LOGIN, 404, OK, 404, 404, 403, 404, 404),
    },
    # projects, staff review (A's draft)
    "projects_staff:queue": {"get": STAFF, "post": STAFF_POST_405},
    "projects_staff:review": {
        "get": E(LOGIN, 403, 404, 404, 404, 404, 200, 200),
        "post": E(LOGIN, 403, 404, 404, 404, 404, 403, 403),
    },
    "projects_staff:publish": {
        "get": E(LOGIN, 403, 404, 404, 404, 404, 404, 404),
        "post": E(LOGIN, 403, 404, 404, 404, 404, OK, OK),
    },
    "projects_staff:return": {
        "get": E(LOGIN, 403, 404, 404, 404, 404, 404, 404),
        "post": E(LOGIN, 403, 404, 404, 404, 404, OK, OK),
    },
    "projects_staff:unpublish": {
        "get": E(LOGIN, 403, 404, 404, 404, 404, 404, 404),
        "post": E(LOGIN, 403, 404, 404, 404, 404, OK, OK),
    },
    "projects_staff:slug_update": {
        "get": E(LOGIN, 403, 404, 404, 404, 404, 404, 404),
        "post": E(LOGIN, 403, 404, 404, 404, 404, OK, OK),
    },
    # pending revisions of the published project (the world has none open: 404 for staff)
    "projects_staff:revision": {
        "get": E(LOGIN, 403, 403, 403, 403, 403, 404, 404),
        "post": E(LOGIN, 403, 403, 403, 403, 403, 403, 403),
    },
    "projects_staff:revision_approve": {
        "get": E(LOGIN, 403, 403, 403, 403, 403, 404, 404),
        "post": E(LOGIN, 403, 403, 403, 403, 403, 404, 404),
    },
    "projects_staff:revision_return": {
        "get": E(LOGIN, 403, 403, 403, 403, 403, 404, 404),
        "post": E(LOGIN, 403, 403, 403, 403, 403, 404, 404),
    },
    # reporting compliance (#15.5): A's published project owes last year's report; only the
    # contacts of the active lead partner state "nothing to report", nobody for them.
    "projects_reporting:statement": {
        "get": E(LOGIN, 200, 403, 403, 403, 403, 403, 403),
        "post": E(LOGIN, OK, 403, 403, 403, 403, 403, 403),
    },
    "projects_reporting:staff": {"get": STAFF, "post": STAFF_POST},
    "projects_reporting:staff_csv": {"get": STAFF, "post": STAFF_POST},
    # uploaded public images (partner logos, news, project images); nothing else from /media/
    "media": {"get": PUBLIC, "post": ANY_OK},
    "media[evidence]": {"get": NOT_FOUND, "post": NOT_FOUND},
    "media[meeting_document]": {"get": NOT_FOUND, "post": NOT_FOUND},
    "media[report]": {"get": NOT_FOUND, "post": NOT_FOUND},
    # a file kept for a failed form (core/kept_uploads.py): given back only through its token
    "media[kept_upload]": {"get": NOT_FOUND, "post": NOT_FOUND},
    # meetings, public (the plenary meeting unless the variant says otherwise)
    "meetings:bodies": {"get": PUBLIC, "post": ANY_OK},
    "meetings:body": {"get": PUBLIC, "post": ANY_OK},
    "meetings:body_calendar": {"get": PUBLIC, "post": ANY_OK},
    "meetings:list": {"get": PUBLIC, "post": ANY_OK},
    "meetings:calendar": {"get": PUBLIC, "post": ANY_OK},
    "meetings:detail": {"get": PUBLIC, "post": ANY_OK},
    "meetings:detail[wg]": {"get": PUBLIC, "post": ANY_OK},
    "meetings:detail[draft]": {"get": STAFF_ONLY_404, "post": STAFF_ONLY_404_POST},
    "meetings:results": {"get": PUBLIC, "post": ANY_OK},
    "meetings:meeting_ics": {"get": PUBLIC, "post": ANY_OK},
    "meetings:document": {"get": PUBLIC, "post": ANY_OK},
    # Every active partner belongs to the plenary: B may read its internal documents; partners
    # that are not (yet, or no longer) active may not.
    "meetings:document[internal]": {"get": MEMBERS, "post": MEMBERS_POST},
    # Only members of the working group (A) read its internal documents.
    "meetings:document[wg_internal]": {"get": OWN_A, "post": OWN_A_POST},
    # meetings, partner area: taking part is for contacts of active (member) partners.
    "meetings:rsvp": {"get": ACTIVE, "post": ACTIVE_POST},
    "meetings:rsvp[wg]": {
        "get": E(LOGIN, 200, 403, 403, 403, 403, 403, 403),
        "post": E(LOGIN, OK, 403, 403, 403, 403, 403, 403),
    },
    "meetings:circle_register": {"get": NOT_ALLOWED, "post": ACTIVE_POST},
    "meetings:circle_leave": {
        "get": NOT_ALLOWED,
        "post": E(LOGIN, OK, 404, 404, 404, 404, 404, 404),
    },
    # a person in a circle switches to another one of the same meeting (#16): only the
    # registered person (others have no registration there: 404)
    "meetings:circle_switch": {
        "get": NOT_ALLOWED,
        "post": E(LOGIN, OK, 404, 404, 404, 404, 404, 404),
    },
    "meetings:memberships": {"get": ACTIVE, "post": ACTIVE_POST},
    "meetings:membership_end": {"get": NOT_ALLOWED, "post": OWN_A_POST},
    "meetings:action_item_complete": {"get": NOT_ALLOWED, "post": OWN_A_POST},
    # consensus decisions (the open written procedure unless the variant says otherwise):
    # open proposals, positions and who stated them are for active partners and staff.
    "decisions:register": {"get": PUBLIC, "post": ANY_OK},
    "decisions:detail": {
        "get": E(404, 200, 200, 404, 404, 404, 200, 200),
        "post": E(404, OK, OK, 404, 404, 404, OK, OK),
    },
    "decisions:detail[decided]": {"get": PUBLIC, "post": ANY_OK},
    "decisions:detail[draft]": {"get": STAFF_ONLY_404, "post": STAFF_ONLY_404_POST},
    "decisions:position": {"get": ACTIVE, "post": ACTIVE_POST},
    "decisions:position[draft]": {
        "get": E(LOGIN, 404, 404, 403, 403, 403, 403, 403),
        "post": E(LOGIN, 404, 404, 403, 403, 403, 403, 403),
    },
    "decisions:staff_list": {"get": STAFF, "post": STAFF_POST},
    "decisions:create": {"get": STAFF, "post": STAFF_POST},
    "decisions:manage": {"get": STAFF, "post": STAFF_POST},
    "decisions:edit": {"get": STAFF, "post": STAFF_POST},
    "decisions:open": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "decisions:close": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "decisions:withdraw": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "decisions:oral": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "decisions:extend": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "decisions:task_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    # the discussion: contacts of active partners and staff write, staff moderate
    "decisions:comment": {"get": NOT_ALLOWED, "post": MEMBERS_POST},
    "decisions:comment_hide": {"get": STAFF, "post": STAFF_POST},
    # meetings, staff
    "meetings:staff_list": {"get": STAFF, "post": STAFF_POST},
    "meetings:create": {"get": STAFF, "post": STAFF_POST},
    "meetings:manage": {"get": STAFF, "post": STAFF_POST},
    "meetings:edit": {"get": STAFF, "post": STAFF_POST},
    "meetings:publish": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:state": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:agenda_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:agenda_change": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:circle_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:circle_edit": {"get": STAFF, "post": STAFF_POST},
    "meetings:attendance": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:document_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:document_remove": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:action_item_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:rsvps": {"get": STAFF, "post": STAFF_POST},
    "meetings:rsvps_csv": {"get": STAFF, "post": STAFF_POST},
    "meetings:staff_action_items": {"get": STAFF, "post": STAFF_POST},
    "meetings:action_item_edit": {"get": STAFF, "post": STAFF_POST},
    "meetings:staff_memberships": {"get": STAFF, "post": STAFF_POST},
    "meetings:membership_decide": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:body_edit": {"get": STAFF, "post": STAFF_POST},
    # #16: replies, circle participants, working-group members
    "meetings:rsvp_remind": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:circle_participant_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:circle_participant_remove": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:circle_participants_csv": {"get": STAFF, "post": STAFF_POST},
    "meetings:membership_add": {"get": NOT_ALLOWED, "post": STAFF_POST},
    "meetings:membership_role": {"get": NOT_ALLOWED, "post": STAFF_POST},
}

# Texts of non-public objects that a public page must not show to the role.
DRAFTS = [
    "Entwurf Alpha",  # A's draft project
    "entwurf-alpha",
    "Noch nicht veröffentlicht",  # a news post with a future publication time
    "Geheime Vorbesprechung",  # a draft meeting
    "Entwurf eines Beschlusses",  # a draft proposal
]
INTERNAL = ["Internes Protokoll", "Internes AG-Protokoll", "geheimer-raum-4711"]
# Open proposals, the positions on them and who stated which (A's objection on the open one,
# A's consent, stated by Anna Alpha, on the decided one).
CONSENSUS = ["Offener Umlauf", "Vertraulicher Einwandgrund", "Anna Alpha"]
OUTSIDE = DRAFTS + INTERNAL + CONSENSUS  # what the public and partners that are not active see
PUBLIC_ONLY = {
    "anon": OUTSIDE,
    "reg": OUTSIDE,
    "signed": OUTSIDE,
    "wd": OUTSIDE,
    "b": DRAFTS,
    "a": DRAFTS[2:],
}
LEAKS = {
    "home": PUBLIC_ONLY,
    "projects:list": PUBLIC_ONLY,
    "projects:export_csv": PUBLIC_ONLY,
    "projects:export_json": PUBLIC_ONLY,
    "projects:export_geojson": PUBLIC_ONLY,
    "projects:map": PUBLIC_ONLY,
    "partners:detail": {**PUBLIC_ONLY, "b": DRAFTS + ["neu@example.org"]},
    "partners:directory": PUBLIC_ONLY,
    "news:list": PUBLIC_ONLY,
    "news:feed": PUBLIC_ONLY,
    "meetings:list": PUBLIC_ONLY,
    "meetings:calendar": PUBLIC_ONLY,
    "meetings:body": PUBLIC_ONLY,
    "meetings:body_calendar": PUBLIC_ONLY,
    "meetings:detail": PUBLIC_ONLY,
    "meetings:results": PUBLIC_ONLY,
    "meetings:meeting_ics": PUBLIC_ONLY,
    "meetings:detail[wg]": {**PUBLIC_ONLY, "b": DRAFTS + INTERNAL},
    "decisions:register": PUBLIC_ONLY,
    # Who stated which position: active partners and staff only; the public result stays.
    "decisions:detail[decided]": {
        role: OUTSIDE + ["Alpha Energie GmbH", "Positionen der Partner"]
        for role in ("anon", "reg", "signed", "wd")
    },
    "reports:public_list": PUBLIC_ONLY,
    "reports:report_page": PUBLIC_ONLY,
}


def kept_upload_path() -> str:
    from core import kept_uploads

    upload = SimpleUploadedFile("bild.png", HTML_BYTES, "image/png")
    kept_uploads.keep(upload, owner="user:1")
    return upload.kept_file


def failed_mail(world):
    from core.models import OutboxMail

    return OutboxMail.objects.create(
        kind="feedback.received", to="a@example.org", subject="S", body="B", status="failed"
    )


def _default_factor():
    """A factor of the default set (climate's data migration seeds it)."""
    from climate.models import EmissionFactor

    return EmissionFactor.objects.order_by("pk").first() or EmissionFactor.objects.create(
        carrier="erdgas",
        version=1,
        unit="kWh",
        kg_co2e_per_unit=Decimal("0.25"),
        source="Sweep",
        source_year=2024,
        valid_from=1990,
    )


def sign_video(world):
    from portal.models import SignLanguageVideo

    item = SignLanguageVideo.objects.first()
    if item is None:
        item = SignLanguageVideo.objects.create(
            title="Was ist die Klimaallianz?",
            video=SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
            video_type="video/mp4",
            captions=SimpleUploadedFile("v.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n"),
        )
    return item


def newsletter_subscriber(world):
    from django.utils import timezone

    from newsletter.models import Subscriber

    subscriber, _created = Subscriber.objects.get_or_create(
        email="leserin@example.org",
        defaults={
            "requested_at": timezone.now(),
            "state": Subscriber.State.CONFIRMED,
            "confirmed_at": timezone.now(),
            "consent_version": "2026-12",
        },
    )
    return subscriber


def newsletter_issue(world, subject: str, *, sent: bool = False):
    from django.db.models import Max
    from django.utils import timezone

    from newsletter.models import Issue

    issue = Issue.objects.filter(subject=subject).first()
    if issue is None:
        number = (Issue.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        item = {"topic": "aktuelles", "title": "Beitrag", "url": "http://testserver/aktuelles/"}
        issue = Issue.objects.create(
            number=number,
            subject=subject,
            items=[{**item, "key": "aktuelles:1", "date": "2026-01-01", "summary": ""}],
            state=Issue.State.SENT if sent else Issue.State.DRAFT,
            sent_at=timezone.now() if sent else None,
        )
    return issue


# name (or name[variant]) -> kwargs from the world; names without kwargs are absent.
KWARGS = {
    "outbox_mail_resend": lambda w: {"pk": failed_mail(w).pk},
    "legal_edit": lambda w: {"page": "impressum"},
    "accounts:person_export": lambda w: {"pk": w.user_a.pk},
    "accounts:person_erase": lambda w: {"pk": w.user_a.pk},
    "accounts:person_export[staff]": lambda w: {"pk": w.staff.pk},
    "accounts:person_export[super]": lambda w: {"pk": w.user("super").pk},
    "accounts:person_erase[staff]": lambda w: {"pk": w.staff.pk},
    "accounts:person_erase[super]": lambda w: {"pk": w.user("super").pk},
    "partners:invitation": lambda w: {"token": w.invitation.token},
    "partners:detail": lambda w: {"slug": w.partner_a.slug},
    "partners:edit": lambda w: {"slug": w.partner_a.slug},
    "partners:edit[registered]": lambda w: {"slug": w.partner_reg.slug},
    "partners:edit[withdrawn]": lambda w: {"slug": w.partner_wd.slug},
    "partners:sign[registered]": lambda w: {"slug": w.partner_reg.slug},
    "partners:sign[withdrawn]": lambda w: {"slug": w.partner_wd.slug},
    "partners:contacts[signed]": lambda w: {"slug": w.partner_signed.slug},
    "partners:contacts[withdrawn]": lambda w: {"slug": w.partner_wd.slug},
    "partners:signature_confirm[signed]": lambda w: {"signature_id": w.pending_signature.pk},
    "partners:sign": lambda w: {"slug": w.partner_a.slug},
    "partners:contacts": lambda w: {"slug": w.partner_a.slug},
    "partners:contact_remove": lambda w: {"slug": w.partner_a.slug, "contact_id": w.contact_a.pk},
    "partners:invitation_withdraw": lambda w: {
        "slug": w.partner_a.slug,
        "invitation_id": w.invitation.pk,
    },
    "sign_language_video": lambda w: {"pk": sign_video(w).pk},
    "sign_language_captions": lambda w: {"pk": sign_video(w).pk},
    "partners:invitation_resend": lambda w: {
        "slug": w.partner_a.slug,
        "invitation_id": w.invitation.pk,
    },
    "partners:certificate": lambda w: {"slug": w.partner_a.slug, "signature_id": w.signature.pk},
    "partners:withdraw": lambda w: {"slug": w.partner_a.slug},
    "partners:signature_confirm": lambda w: {"signature_id": w.signature.pk},
    "partners:signature_return": lambda w: {"signature_id": w.signature.pk},
    "news:detail": lambda w: {"slug": w.post.slug},
    "news:detail[draft]": lambda w: {"slug": w.draft_post.slug},
    "news:edit": lambda w: {"slug": w.post.slug},
    "newsletter:confirm": lambda w: {"token": "gefaelscht"},
    "newsletter:unsubscribe": lambda w: {"key": newsletter_subscriber(w).unsubscribe_key},
    "newsletter:archive_detail": lambda w: {
        "number": newsletter_issue(w, "Versendet", sent=True).number
    },
    "newsletter:archive_detail[draft]": lambda w: {"number": newsletter_issue(w, "Entwurf").number},
    "newsletter:issue_detail": lambda w: {"number": newsletter_issue(w, "Entwurf").number},
    "newsletter:issue_edit": lambda w: {"number": newsletter_issue(w, "Entwurf").number},
    "newsletter:issue_test": lambda w: {"number": newsletter_issue(w, "Entwurf").number},
    "newsletter:issue_send": lambda w: {"number": newsletter_issue(w, "Zum Senden").number},
    "reports:emissions_edit": lambda w: {"year": w.emissions.year},
    "climate:balance_edit": lambda w: {"year": w.emissions.year},
    "climate:balance_delete": lambda w: {"year": w.emissions.year},
    "climate:factor_new_version": lambda w: {"carrier": "erdgas"},
    "climate:factor_confirm": lambda w: {"pk": _default_factor().pk},
    "projects_reporting:statement": lambda w: {
        "slug": w.project.slug,
        "year": timezone.localdate().year - 1,
    },
    "reports:staff_download": lambda w: {"pk": w.report.pk},
    "reports:publish": lambda w: {"pk": w.unpublished_report.pk},
    "reports:unpublish": lambda w: {"pk": w.report.pk},
    "reports:download": lambda w: {"pk": w.report.pk},
    "reports:download[unpublished]": lambda w: {"pk": w.unpublished_report.pk},
    "reports:report_page": lambda w: {"year": w.report.year},
    "reports:report_pdf": lambda w: {"year": w.report.year},
    "reports:report_data": lambda w: {"year": w.report.year},
    "reports:report_page[unpublished]": lambda w: {"year": w.unpublished_report.year},
    "reports:report_pdf[unpublished]": lambda w: {"year": w.unpublished_report.year},
    "reports:report_data[unpublished]": lambda w: {"year": w.unpublished_report.year},
    "projects:detail": lambda w: {"slug": w.project.slug},
    "projects:detail[draft]": lambda w: {"slug": w.draft.slug},
    "projects_partner:detail": lambda w: {"slug": w.draft.slug},
    "projects_partner:detail[published]": lambda w: {"slug": w.project.slug},
    "projects_partner:edit": lambda w: {"slug": w.draft.slug},
    "projects_partner:edit[published]": lambda w: {"slug": w.project.slug},
    "projects_partner:submit": lambda w: {"slug": w.draft.slug},
    "projects_partner:detail[withdrawn]": lambda w: {"slug": w.wd_draft.slug},
    "projects_partner:edit[withdrawn]": lambda w: {"slug": w.wd_draft.slug},
    "projects_partner:submit[withdrawn]": lambda w: {"slug": w.wd_draft.slug},
    "projects_partner:result_add[withdrawn]": lambda w: {"slug": w.wd_draft.slug},
    "projects_partner:result_add": lambda w: {"slug": w.draft.slug},
    "projects_partner:result_edit": lambda w: {"slug": w.project.slug, "year": w.result.year},
    "projects_partner:document": lambda w: {"slug": w.draft.slug, "pk": w.draft_document.pk},
    "projects_partner:result_delete": lambda w: {"slug": w.project.slug, "year": w.result.year},
    "projects_partner:result_evidence": lambda w: {
        "slug": w.project.slug,
        "year": w.result.year,
    },
    "projects_partner:pending_evidence": lambda w: {
        "slug": w.project.slug,
        "year": w.result.year,
    },
    "projects_partner:document_delete": lambda w: {
        "slug": w.draft.slug,
        "pk": w.draft_document.pk,
    },
    "projects_partner:participation_confirm": lambda w: {"slug": w.project.slug},
    "projects_partner:participation_decline": lambda w: {"slug": w.project.slug},
    "projects_staff:revision": lambda w: {"slug": w.project.slug},
    "projects_staff:revision_approve": lambda w: {"slug": w.project.slug},
    "projects_staff:revision_return": lambda w: {"slug": w.project.slug},
    "projects_partner:document[published]": lambda w: {
        "slug": w.project.slug,
        "pk": w.project_document.pk,
    },
    "projects_staff:review": lambda w: {"slug": w.draft.slug},
    "projects_staff:publish": lambda w: {"slug": w.draft.slug},
    "projects_staff:return": lambda w: {"slug": w.draft.slug},
    "projects_staff:unpublish": lambda w: {"slug": w.draft.slug},
    "projects_staff:slug_update": lambda w: {"slug": w.draft.slug},
    "media": lambda w: {"path": w.post_with_image.image.name},
    "media[evidence]": lambda w: {"path": w.draft_document.file.name},
    "media[meeting_document]": lambda w: {"path": w.internal_document.file.name},
    "media[report]": lambda w: {"path": w.unpublished_report.pdf.name},
    "media[kept_upload]": lambda w: {"path": kept_upload_path()},
    "meetings:body": lambda w: {"slug": w.working_group.slug},
    "meetings:body_calendar": lambda w: {"slug": w.working_group.slug},
    "meetings:detail": lambda w: {"pk": w.meeting.pk},
    "meetings:detail[wg]": lambda w: {"pk": w.wg_meeting.pk},
    "meetings:detail[draft]": lambda w: {"pk": w.draft_meeting.pk},
    "meetings:results": lambda w: {"pk": w.meeting.pk},
    "meetings:document": lambda w: {"pk": w.meeting.pk, "doc_id": w.public_document.pk},
    "meetings:document[internal]": lambda w: {
        "pk": w.meeting.pk,
        "doc_id": w.internal_document.pk,
    },
    "meetings:document[wg_internal]": lambda w: {
        "pk": w.wg_meeting.pk,
        "doc_id": w.wg_internal_document.pk,
    },
    "meetings:rsvp": lambda w: {"pk": w.meeting.pk},
    "meetings:rsvp[wg]": lambda w: {"pk": w.wg_meeting.pk},
    "meetings:circle_register": lambda w: {"circle_id": w.circle.pk},
    "meetings:circle_leave": lambda w: {"circle_id": w.circle.pk},
    "meetings:circle_switch": lambda w: {"circle_id": w.circle.pk},
    "meetings:meeting_ics": lambda w: {"pk": w.meeting.pk},
    "meetings:rsvp_remind": lambda w: {"pk": w.meeting.pk},
    "meetings:circle_participant_add": lambda w: {"pk": w.meeting.pk, "circle_id": w.circle.pk},
    "meetings:circle_participant_remove": lambda w: {
        "pk": w.meeting.pk,
        "circle_id": w.circle.pk,
        "registration_id": w.circle.registrations.first().pk,
    },
    "meetings:circle_participants_csv": lambda w: {
        "pk": w.meeting.pk,
        "circle_id": w.circle.pk,
    },
    "meetings:membership_role": lambda w: {"membership_id": w.membership.pk},
    "meetings:membership_end": lambda w: {"membership_id": w.membership.pk},
    "meetings:action_item_complete": lambda w: {"pk": w.action_item.pk},
    "decisions:detail": lambda w: {"pk": w.open_proposal.pk},
    "decisions:detail[decided]": lambda w: {"pk": w.decided_proposal.pk},
    "decisions:detail[draft]": lambda w: {"pk": w.draft_proposal.pk},
    "decisions:position": lambda w: {"pk": w.open_proposal.pk},
    "decisions:position[draft]": lambda w: {"pk": w.draft_proposal.pk},
    "decisions:manage": lambda w: {"pk": w.open_proposal.pk},
    "decisions:edit": lambda w: {"pk": w.draft_proposal.pk},
    "decisions:open": lambda w: {"pk": w.draft_proposal.pk},
    "decisions:close": lambda w: {"pk": w.open_proposal.pk},
    "decisions:withdraw": lambda w: {"pk": w.open_proposal.pk},
    "decisions:oral": lambda w: {"pk": w.open_proposal.pk},
    "decisions:extend": lambda w: {"pk": w.open_proposal.pk},
    "decisions:task_add": lambda w: {"pk": w.decided_proposal.pk},
    "decisions:comment": lambda w: {"pk": w.open_proposal.pk},
    "decisions:comment_hide": lambda w: {
        "pk": w.open_proposal.pk,
        "comment_id": w.proposal_comment.pk,
    },
    "meetings:manage": lambda w: {"pk": w.meeting.pk},
    "meetings:edit": lambda w: {"pk": w.meeting.pk},
    "meetings:publish": lambda w: {"pk": w.meeting.pk},
    "meetings:state": lambda w: {"pk": w.meeting.pk},
    "meetings:agenda_add": lambda w: {"pk": w.meeting.pk},
    "meetings:agenda_change": lambda w: {"pk": w.meeting.pk, "item_id": w.agenda_item.pk},
    "meetings:circle_add": lambda w: {"pk": w.meeting.pk},
    "meetings:circle_edit": lambda w: {"pk": w.meeting.pk, "circle_id": w.circle.pk},
    "meetings:attendance": lambda w: {"pk": w.meeting.pk},
    "meetings:document_add": lambda w: {"pk": w.meeting.pk},
    "meetings:document_remove": lambda w: {"pk": w.meeting.pk, "doc_id": w.public_document.pk},
    "meetings:action_item_add": lambda w: {"pk": w.meeting.pk},
    "meetings:rsvps": lambda w: {"pk": w.meeting.pk},
    "meetings:rsvps_csv": lambda w: {"pk": w.meeting.pk},
    "meetings:action_item_edit": lambda w: {"pk": w.action_item.pk},
    "meetings:membership_decide": lambda w: {"membership_id": w.membership.pk},
    "meetings:body_edit": lambda w: {"slug": w.working_group.slug},
}


# --- the read API, OParl and open data (#18): public for everyone, read-only ---------------
# The API has no authentication, so every role gets exactly the public data (LEAKS below:
# nothing of OUTSIDE for any role, not even staff); hidden objects are a 404 by id as well.
PUBLIC_READ = {"get": PUBLIC, "post": NOT_ALLOWED}
HIDDEN_READ = {"get": NOT_FOUND, "post": NOT_ALLOWED}
API_SWEEP = {
    "opendata": PUBLIC_READ,
    "opendata_catalog": PUBLIC_READ,
    "api:api-root": PUBLIC_READ,
    "api:schema": PUBLIC_READ,
    "api:docs": PUBLIC_READ,
    **{
        f"api:{name}-{kind}": PUBLIC_READ
        for name in (
            "project",
            "partner",
            "body",
            "meeting",
            "decision",
            "news",
            "city-balance",
            "emission-factor",
        )
        for kind in ("list", "detail")
    },
    "api:project-detail[draft]": HIDDEN_READ,
    "api:partner-detail[registered]": HIDDEN_READ,
    "api:meeting-detail[draft]": HIDDEN_READ,
    "api:decision-detail[open]": HIDDEN_READ,
    "api:decision-detail[draft]": HIDDEN_READ,
    "api:news-detail[draft]": HIDDEN_READ,
    **{
        f"api:oparl-{name}": PUBLIC_READ
        for name in (
            "system",
            "bodies",
            "body",
            "organizations",
            "persons",
            "memberships",
            "legislative-terms",
            "meetings",
            "agenda-items",
            "papers",
            "consultations",
            "files",
            "organization",
            "organization-meetings",
            "meeting",
            "agenda-item",
            "paper",
            "consultation",
            "file",
        )
    },
    "api:oparl-meeting[draft]": HIDDEN_READ,
    "api:oparl-file[internal]": HIDDEN_READ,
    "api:oparl-paper[open]": HIDDEN_READ,
    "api:oparl-consultation[draft]": HIDDEN_READ,
    # Any other address under /api/v1/ is a JSON 404.
    "api:not-found": {"get": NOT_FOUND, "post": NOT_FOUND},
}
ALLIANCE = {"body": "klimaallianz"}
API_KWARGS = {
    "api:project-detail": lambda w: {"slug": w.project.slug},
    "api:project-detail[draft]": lambda w: {"slug": w.draft.slug},
    "api:partner-detail": lambda w: {"slug": w.partner_a.slug},
    "api:partner-detail[registered]": lambda w: {"slug": w.partner_reg.slug},
    "api:body-detail": lambda w: {"slug": w.working_group.slug},
    "api:meeting-detail": lambda w: {"pk": w.meeting.pk},
    "api:meeting-detail[draft]": lambda w: {"pk": w.draft_meeting.pk},
    "api:decision-detail": lambda w: {"pk": w.decided_proposal.pk},
    "api:decision-detail[open]": lambda w: {"pk": w.open_proposal.pk},
    "api:decision-detail[draft]": lambda w: {"pk": w.draft_proposal.pk},
    "api:news-detail": lambda w: {"slug": w.post.slug},
    "api:news-detail[draft]": lambda w: {"slug": w.draft_post.slug},
    "api:city-balance-detail": lambda w: {"year": w.emissions.year},
    "api:emission-factor-detail": lambda w: {"pk": _default_factor().pk},
    **{
        f"api:oparl-{name}": lambda w: ALLIANCE
        for name in (
            "body",
            "organizations",
            "persons",
            "memberships",
            "legislative-terms",
            "meetings",
            "agenda-items",
            "papers",
            "consultations",
            "files",
        )
    },
    "api:oparl-organization": lambda w: {"slug": w.working_group.slug},
    "api:oparl-organization-meetings": lambda w: {"slug": w.working_group.slug},
    "api:oparl-meeting": lambda w: {"pk": w.meeting.pk},
    "api:oparl-meeting[draft]": lambda w: {"pk": w.draft_meeting.pk},
    "api:oparl-agenda-item": lambda w: {"pk": w.agenda_item.pk},
    "api:oparl-paper": lambda w: {"pk": w.decided_proposal.pk},
    "api:oparl-paper[open]": lambda w: {"pk": w.open_proposal.pk},
    "api:oparl-consultation": lambda w: {"pk": w.decided_proposal.pk},
    "api:oparl-consultation[draft]": lambda w: {"pk": w.draft_proposal.pk},
    "api:oparl-file": lambda w: {"pk": w.public_document.pk},
    "api:oparl-file[internal]": lambda w: {"pk": w.internal_document.pk},
    "api:not-found": lambda w: {"rest": "gibt-es-nicht/"},
}
SWEEP.update(API_SWEEP)
KWARGS.update(API_KWARGS)
LEAKS.update(
    {
        key: dict.fromkeys(ROLES, OUTSIDE)
        for key, row in API_SWEEP.items()
        if row is PUBLIC_READ and key not in ("api:schema", "api:docs")
    }
)


# --- the URL patterns -------------------------------------------------------------------------


def url_patterns(resolver=None, prefix="", namespace=None):
    """(name, route) of every pattern, recursively through includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route


def swept_patterns() -> dict[str, str]:
    swept = {}
    for name, route in url_patterns():
        if name not in NOT_SKIPPED and route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        swept[name] = route
    return swept


def base_name(key: str) -> str:
    return key.split("[", 1)[0]


def test_every_url_pattern_is_in_the_sweep_table():
    swept = swept_patterns()
    table = {base_name(key) for key in SWEEP}
    missing = sorted(set(swept) - table)
    gone = sorted(table - set(swept))
    problems = [f"add {name} ({swept[name]}) to the sweep table" for name in missing]
    problems += [f"{name} is in the sweep table but no longer a URL pattern" for name in gone]
    assert not problems, "\n".join(problems)


def test_every_table_row_has_kwargs_when_needed():
    assert set(KWARGS) <= set(SWEEP), sorted(set(KWARGS) - set(SWEEP))
    for key in SWEEP:
        assert set(SWEEP[key]) == {"get", "post"}, key
        assert set(SWEEP[key]["get"]) == set(ROLES) == set(SWEEP[key]["post"]), key


# What contacts of partners that are not active get beyond the public (DESIGN.md, roles): their
# own data, their dashboard and project list, and -- registered or signed -- the registration,
# profile, contacts and signature; withdrawn, their own history. A row that lets them read or
# act anywhere else fails the test below until it is listed here, on purpose.
OWN_ACCOUNT = {
    "accounts:profile",
    "accounts:my_data",
    "accounts:my_data_export",
    "partners:invitation",
    "newsletter:preferences",
}
NOT_ACTIVE_MAY_READ = {
    "reg": OWN_ACCOUNT
    | {"partner_dashboard", "projects_partner:list"}
    | {"partners:edit[registered]", "partners:sign[registered]"},
    "signed": OWN_ACCOUNT
    | {"partner_dashboard", "projects_partner:list", "partners:contacts[signed]"},
    "wd": OWN_ACCOUNT
    | {"partner_dashboard", "projects_partner:list"}
    | {"partners:contacts[withdrawn]", "projects_partner:detail[withdrawn]"},
}
# POSTs answered (not refused) beyond what anyone may post; "dashboard" and "partners:register"
# only redirect a contact to the partner area.
REDIRECTS_ONLY = {"dashboard", "partners:register"}
NOT_ACTIVE_MAY_POST = {
    "reg": OWN_ACCOUNT
    | REDIRECTS_ONLY
    | {"partners:edit[registered]", "partners:sign[registered]"},
    "signed": OWN_ACCOUNT | REDIRECTS_ONLY | {"partners:contacts[signed]"},
    "wd": OWN_ACCOUNT | REDIRECTS_ONLY,
}


@pytest.mark.parametrize("role", NOT_ACTIVE)
def test_partners_that_are_not_active_have_nothing_internal(role):
    """The rule table itself: beyond public pages, contacts of registered, signed and
    withdrawn partners reach only what NOT_ACTIVE_MAY_READ / NOT_ACTIVE_MAY_POST list."""
    reading = {k for k, row in SWEEP.items() if row["get"][role] == 200 != row["get"]["anon"]}
    posting = {k for k, row in SWEEP.items() if row["post"][role] == OK != row["post"]["anon"]}
    assert reading == NOT_ACTIVE_MAY_READ[role]
    assert posting == NOT_ACTIVE_MAY_POST[role]


def test_the_superuser_may_do_what_staff_may():
    """The superuser acts as staff everywhere in the portal (it is no partner contact)."""
    different = {
        key: (row["get"]["staff"], row["get"]["super"])
        for key, row in SWEEP.items()
        if row["get"]["staff"] != row["get"]["super"]
        or row["post"]["staff"] != row["post"]["super"]
    }
    assert different == {}


def test_skipped_prefixes_hold_only_foreign_views():
    """Only allauth's and the admin's views live under the skipped prefixes."""
    for name, route in url_patterns():
        if name in NOT_SKIPPED or not route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        module = resolve_module(route)
        assert module.split(".")[0] not in PORTAL_APPS, (
            f"{name} ({route}) is the portal's own view ({module}): add it to NOT_SKIPPED "
            "and to the sweep table"
        )


def resolve_module(route: str) -> str:
    def find(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            full = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                found = find(pattern, full)
                if found:
                    return found
            elif full == route:
                callback = pattern.callback
                return getattr(callback, "__module__", "") or ""
        return None

    return find(get_resolver()) or ""


# --- requests ---------------------------------------------------------------------------------


def url_for(world: World, key: str) -> str:
    kwargs = KWARGS.get(key, lambda w: {})(world)
    try:
        return reverse(base_name(key), kwargs=kwargs)
    except NoReverseMatch as exc:
        pytest.fail(f"{key}: cannot build the URL from the world ({exc}); extend KWARGS")


def check_headers(response) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {
        part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()
    }
    script_src = directives.get("script-src") or directives.get("default-src", "")
    if not csp:
        problems.append("no Content-Security-Policy")
    elif not script_src or "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"CSP allows inline script: {csp!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.headers.get('X-Frame-Options')!r}")
    return problems


def check_status(response, expected) -> str | None:
    status = response.status_code
    location = response.headers.get("Location", "")
    if expected == OK:
        return None if status < 500 else f"server error {status}"
    if expected == LOGIN:
        if status == 302 and location.startswith(reverse(settings.LOGIN_URL)):
            return None
        return f"expected 302 to the login, got {status} {location}"
    if isinstance(expected, Redirect):
        if status == 302 and location.split("?")[0] == expected.path:
            return None
        return f"expected 302 to {expected.path}, got {status} {location}"
    if status != expected:
        return f"expected {expected}, got {status} {location}"
    return None


PORTAL_APPS = (
    "accounts",
    "partners",
    "projects",
    "meetings",
    "decisions",
    "news",
    "reports",
    "climate",
    "portal",
)


def fingerprint() -> dict[str, int]:
    """Row counts of every table of the portal's models (history tables included), in one
    query: the empty-POST sweep takes it twice per URL and role."""
    from django.db import connection

    tables = sorted(
        {
            model._meta.db_table
            for app in PORTAL_APPS
            for model in apps.get_app_config(app).get_models()
            if not model._meta.proxy and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    # Table names from the models' own metadata, quoted: nothing here comes from outside.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    sql = f"SELECT {counts}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.fixture
def world(shared_world):
    return shared_world


@pytest.mark.parametrize("key", sorted(SWEEP))
def test_get(world, key):
    url = url_for(world, key)
    problems = []
    for role in ROLES:
        response = world.client(role).get(url)
        problem = check_status(response, SWEEP[key]["get"][role])
        if problem:
            problems.append(f"GET {url} as {role}: {problem}")
        problems += [f"GET {url} as {role}: {p}" for p in check_headers(response)]
        problems += download_problems(key, role, response)
        if response.status_code == 200 and not response.streaming:
            content = response.content.decode("utf-8", "replace")
            for secret in LEAKS.get(key, {}).get(role, ()):
                if secret in content:
                    problems.append(f"GET {url} as {role}: shows {secret!r}")
    assert not problems, "\n".join(problems)


def test_leak_texts_are_shown_to_the_rightful_roles(world):
    """The texts LEAKS looks for are really rendered where they may be seen (no vacuous check)."""
    cases = [
        ("staff", "meetings:detail", "Internes Protokoll"),
        ("a", "meetings:detail[wg]", "geheimer-raum-4711"),
        ("a", "meetings:detail[wg]", "Internes AG-Protokoll"),
        ("staff", "news:staff_list", "Noch nicht veröffentlicht"),
        ("a", "projects_partner:list", "Entwurf Alpha"),
        ("staff", "meetings:staff_list", "Geheime Vorbesprechung"),
        ("staff", "decisions:staff_list", "Entwurf eines Beschlusses"),
        ("b", "decisions:detail", "Offener Umlauf"),
        ("a", "partners:contacts", "neu@example.org"),
        ("b", "decisions:detail", "Vertraulicher Einwandgrund"),
        ("b", "decisions:detail", "Anna Alpha"),
        ("b", "decisions:detail[decided]", "Anna Alpha"),
        ("b", "decisions:detail[decided]", "Positionen der Partner"),
        ("staff", "decisions:detail[decided]", "Alpha Energie GmbH"),
        ("b", "meetings:detail", "Internes Protokoll"),
    ]
    for role, key, text in cases:
        response = world.client(role).get(url_for(world, key))
        assert text in response.content.decode(), (role, key, text)


@pytest.mark.parametrize("role", ["anon", "b", "reg", "wd"])
def test_search_shows_no_drafts_or_internal_documents(world, role):
    client = world.client(role)
    for q in ("Entwurf", "veröffentlicht", "Vorbesprechung", "Internes", "Umlauf", "geheim"):
        for typ in ("", "projekte", "aktuelles", "termine", "beschluesse", "partner"):
            response = client.get(reverse("search"), {"q": q, "typ": typ})
            assert response.status_code == 200
            content = response.content.decode()
            for secret in PUBLIC_ONLY[role]:
                assert secret not in content, f"search {q!r}/{typ!r} as {role} shows {secret!r}"


REFUSED = (403, 404, 405)


@pytest.mark.parametrize("key", sorted(SWEEP))
def test_post_empty(world, key):
    """Empty POST in every role: refused for the wrong roles (and nothing changes), never a
    500. Each role's request runs in a savepoint that is rolled back, so every role meets
    the same world (one world per URL instead of one per URL and role)."""
    url = url_for(world, key)
    problems = []
    for role in ROLES:
        expected = SWEEP[key]["post"][role]
        with transaction.atomic():
            client = world.client(role)
            before = fingerprint()
            response = client.post(url, {})
            problem = check_status(response, expected)
            if problem:
                problems.append(f"POST {url} as {role}: {problem}")
            problems += [f"POST {url} as {role}: {p}" for p in check_headers(response)]
            if (expected == LOGIN or expected in REFUSED) and fingerprint() != before:
                problems.append(f"POST {url} as {role} was refused but changed data")
            transaction.set_rollback(True)
        cache.clear()  # rate limits count per address: each role starts afresh
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("key", "role"),
    [
        ("partners:edit", "a"),
        ("partners:contacts", "a"),
        ("meetings:rsvp", "a"),
        ("decisions:position", "b"),
        ("accounts:my_data", "a"),
        ("projects_partner:create", "a"),
        ("news:create", "staff"),
        ("accounts:person_erase", "staff"),
        ("barrierefreiheit", "anon"),
    ],
)
def test_csrf_token_is_required(world, key, role):
    """The sweep's client skips CSRF checks; a real browser without the token gets 403."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if world.user(role) is not None:
        client.force_login(world.user(role))
    before = fingerprint()
    response = client.post(url_for(world, key), {})
    assert response.status_code == 403, (key, response.status_code)
    assert fingerprint() == before


# --- downloads and uploads --------------------------------------------------------------------

DOWNLOADS = [
    ("partners:certificate", "a"),
    ("projects_partner:document", "a"),
    ("projects_partner:document[published]", "staff"),
    ("meetings:document", "anon"),
    ("meetings:document[internal]", "a"),
    ("reports:report_pdf", "anon"),
    ("reports:report_data", "anon"),
    ("reports:staff_download", "staff"),
    ("accounts:my_data_export", "a"),
    ("accounts:person_export", "staff"),
    ("projects:export_csv", "anon"),
    ("meetings:rsvps_csv", "staff"),
    ("meetings:circle_participants_csv", "staff"),
    ("meetings:meeting_ics", "anon"),
]


@pytest.mark.parametrize(("key", "role"), DOWNLOADS)
def test_downloads_are_attachments_and_never_html(world, key, role):
    response = world.client(role).get(url_for(world, key))
    assert response.status_code == 200
    disposition = response.headers.get("Content-Disposition", "")
    content_type = response.headers.get("Content-Type", "")
    assert disposition.startswith("attachment"), (key, disposition)
    assert "html" not in content_type.lower(), (key, content_type)
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def _html_upload(name: str, content_type: str):
    return SimpleUploadedFile(name, HTML_BYTES, content_type=content_type)


def test_meeting_document_upload_refuses_html(world):
    from meetings.models import Document

    before = Document.objects.count()
    for name, ctype in (("folien.pdf", "application/pdf"), ("bild.png", "image/png")):
        response = world.client("staff").post(
            reverse("meetings:document_add", kwargs={"pk": world.meeting.pk}),
            {
                "title": "Folien",
                "kind": "folien",
                "visibility": "oeffentlich",
                "file": _html_upload(name, ctype),
            },
        )
        assert response.status_code == 200, name  # the form again, with the error
    assert Document.objects.count() == before


def project_data(world, **overrides) -> dict:
    data = {
        "title": "Entwurf Alpha",
        "summary": "Photovoltaik auf dem Dach.",
        "description": "Eine Anlage.",
        "field_of_action": world.working_group.pk,
        "status": "in_umsetzung",
        "start_date": "2021-03-01",
        "end_date": "",
        "address": "",
        "latitude": "",
        "longitude": "",
        "expected_reduction": "12,5",
        "baseline": "",
        "calculation_method": "",
        "emission_factor_source": "",
        "image_alt": "",
        "document_title": "",
    }
    data.update(overrides)
    return data


def test_project_evidence_upload_refuses_html(world):
    from projects.models import ProjectDocument, ProjectResult

    client = world.client("a")
    documents, results = ProjectDocument.objects.count(), ProjectResult.objects.count()
    response = client.post(
        reverse("projects_partner:result_add", kwargs={"slug": world.draft.slug}),
        {
            "year": "2023",
            "achieved_reduction": "10",
            "note": "",
            "evidence": _html_upload("nachweis.pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert ProjectResult.objects.count() == results
    edit = reverse("projects_partner:edit", kwargs={"slug": world.draft.slug})
    data = project_data(world)
    assert client.post(edit, data).status_code == 302  # valid without the file
    data.update(document_title="Nachweis", document=_html_upload("x.pdf", "application/pdf"))
    response = client.post(edit, data)
    assert response.status_code == 200
    assert ProjectDocument.objects.count() == documents


# Regression (fixed: header first): `_is_pdf` accepted "%PDF-" anywhere in the first
# 1024 bytes, so an HTML document with that marker in a comment is stored as evidence "x.pdf"
# (meeting documents check `head.startswith(b"%PDF-")`). It is served only as an attachment
# with application/pdf and nosniff, so it is not rendered -- but the upload must be refused.
# Patch: `return file.read(5) == b"%PDF-"` (after seek(0)) in _is_pdf.
def test_project_evidence_refuses_html_with_a_pdf_marker(world):
    from projects.models import ProjectDocument

    polyglot = HTML_BYTES.replace(b"<body>", b"<body><!-- %PDF-1.4 -->")
    data = project_data(world, document_title="Nachweis")
    data["document"] = SimpleUploadedFile("nachweis.pdf", polyglot, content_type="application/pdf")
    before = ProjectDocument.objects.count()
    edit = reverse("projects_partner:edit", kwargs={"slug": world.draft.slug})
    response = world.client("a").post(edit, data)
    assert ProjectDocument.objects.count() == before, "HTML stored as PDF evidence"
    assert response.status_code == 200


def test_news_image_upload_refuses_html(world):
    from news.models import Post

    before = Post.objects.count()
    response = world.client("staff").post(
        reverse("news:create"),
        {
            "title": "Bild",
            "teaser": "t",
            "body": "b",
            "image_alt": "Ein Bild",
            "publish_at": "",
            "image": _html_upload("bild.png", "image/png"),
        },
    )
    assert response.status_code == 200
    assert Post.objects.count() == before


def test_media_serves_only_public_images(world):
    """/media/ (core/media.py, in production too) serves only the public image folders,
    as images; evidence, meeting documents and reports leave only through the
    permission-checked download views above. An image is the one upload shown inline."""
    response = world.client("anon").get(f"{settings.MEDIA_URL}{world.post_with_image.image.name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/")
    for private in (
        world.draft_document.file.name,
        world.project_document.file.name,
        world.internal_document.file.name,
        world.report.pdf.name,
        f"news/../{world.report.pdf.name}",
    ):
        for role in ("anon", "staff"):
            got = world.client(role).get(f"{settings.MEDIA_URL}{private}").status_code
            assert got == 404, (private, role, got)


def test_html_disguised_as_image_is_never_served_as_html(world, settings):
    """Even a file put into a public image folder behind the portal's back goes out with
    an image type (by its extension) and nosniff, never as text/html; in a folder whose
    images belong to objects, a file no object holds is not served at all."""
    from django.core.files.storage import default_storage

    name = default_storage.save("partner-logos/boese.png", io.BytesIO(HTML_BYTES))
    response = world.client("anon").get(f"{settings.MEDIA_URL}{name}")
    assert response.status_code == 200
    assert "html" not in response.headers["Content-Type"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    name = default_storage.save("partner-logos/boese.html", io.BytesIO(HTML_BYTES))
    assert world.client("anon").get(f"{settings.MEDIA_URL}{name}").status_code == 404
    for folder in ("news/", "projects/images/"):
        name = default_storage.save(f"{folder}boese.png", io.BytesIO(HTML_BYTES))
        for role in ("anon", "staff"):
            got = world.client(role).get(f"{settings.MEDIA_URL}{name}").status_code
            assert got == 404, (name, role, got)


# --- HSTS -------------------------------------------------------------------------------------


def test_hsts_header_on_https_with_production_settings(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/healthz/live", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_header_in_a_production_process():
    """DEBUG=0 with the production environment, the test client in a separate process."""
    from tests.klimaportal.test_settings import PRODUCTION_ENV, TEST_ONLY_VARIABLES

    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz/live', secure=True, HTTP_HOST='klimaschutz.magdeburg.example');"
        "print(r.status_code, r.headers.get('Strict-Transport-Security', ''));"
        "r = Client().get('/healthz/live', HTTP_HOST='klimaschutz.magdeburg.example');"
        "print(r.status_code, r.headers.get('Location', ''))"
    )
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**env, "DJANGO_SETTINGS_MODULE": "klimaportal.settings", **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    secure, plain = proc.stdout.strip().splitlines()[-2:]
    assert secure.startswith("200 max-age=31536000"), secure
    assert "includeSubDomains" in secure and "preload" in secure
    # /healthz is exempt from the HTTPS redirect (load balancer checks); nothing else is.
    assert plain.startswith("200"), plain
