"""Reads several sections of one page ask for are done once per request (core.request_memo),
never across requests and never past a write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import request_memo
from core.page_cache import bump_generation
from partners.models import Declaration
from tests.factories import DeclarationFactory

pytestmark = pytest.mark.django_db


def declaration_reads(queries) -> int:
    return sum('FROM "partners_declaration"' in q["sql"] for q in queries)


def test_the_partner_dashboard_reads_the_current_declaration_once(client, contact_user):
    first = DeclarationFactory(is_current=True)
    client.force_login(contact_user)
    with CaptureQueriesContext(connection) as page:
        assert client.get("/mein-bereich/").status_code == 200
    assert declaration_reads(page.captured_queries) == 1
    with CaptureQueriesContext(connection) as again:
        client.get("/mein-bereich/")
    # Kept per content generation as well (core.content_cache) until a write.
    assert declaration_reads(again.captured_queries) == 0
    newer = DeclarationFactory(version="2027", is_current=False)
    Declaration.objects.filter(pk=first.pk).update(is_current=False)
    Declaration.objects.filter(pk=newer.pk).update(is_current=True)
    with CaptureQueriesContext(connection) as after_write:
        client.get("/mein-bereich/")
    assert declaration_reads(after_write.captured_queries) == 1


def test_outside_a_request_every_call_sees_the_latest_write():
    first = DeclarationFactory(is_current=True)
    assert Declaration.objects.current() == first
    second = DeclarationFactory(version="2027", is_current=False)
    Declaration.objects.filter(pk=first.pk).update(is_current=False)
    Declaration.objects.filter(pk=second.pk).update(is_current=True)
    assert Declaration.objects.current() == second


def test_a_write_in_the_request_forgets_what_was_read():
    request_memo.start()
    try:
        assert request_memo.remember("k", lambda: 1) == 1
        assert request_memo.remember("k", lambda: 2) == 1
        bump_generation()  # what every statement writing content does
        assert request_memo.remember("k", lambda: 3) == 3
    finally:
        request_memo.stop()
    assert request_memo.remember("k", lambda: 4) == 4
