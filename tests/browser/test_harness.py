"""The HTML checker the browser tests rely on: it must report invalid markup, or every
`assert_valid_html` would pass whatever the page."""

import pytest

from tests.browser.harness import html_errors

pytestmark = pytest.mark.browser

VALID = '<!DOCTYPE html><html lang="de"><head><title>T</title></head><body><p>x</p></body></html>'


def test_the_checker_accepts_a_valid_document():
    assert html_errors(VALID) == []


def test_the_checker_reports_errors_but_not_warnings():
    broken = "<!DOCTYPE html><html><head></head><body><img src=a.png></body></html>"
    messages = [error["message"] for error in html_errors(broken)]
    assert len(messages) == 2  # the missing title and alt; the missing lang is only a warning
    assert any("title" in message for message in messages)
    assert any("alt" in message for message in messages)


def test_the_checker_reads_the_document_as_utf8():
    umlauts = VALID.replace("<p>x</p>", "<p>Größe, Maß und Übersicht</p>")
    assert html_errors(umlauts) == []
