import pytest
from django.urls import reverse

from core.numbers import format_number, format_tonnes


def test_home_page_is_german_and_links_the_legal_pages(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html
    for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert f'href="{path}"' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages(client, db, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_security_headers_on_every_page(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_404_page_is_styled_and_german(client, db):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert "css/portal.css" in html


def test_500_page_renders_without_request_context(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Etwas ist schiefgegangen" in response.content.decode()


def test_navigation_only_links_existing_sections(client, db):
    from portal.navigation import public_navigation

    urls = [item.url for item in public_navigation()]
    assert urls[0] == reverse("home")
    for url in urls:
        assert client.get(url).status_code == 200


def test_german_number_format():
    assert format_number(1234.56) == "1.234,6"
    assert format_number(1234567, decimals=0) == "1.234.567"
    assert format_number(0.05, decimals=1) == "0,1"
    assert format_tonnes(1234.5) == "1.234,5\u00a0t"
    assert format_tonnes(None) == "–"


def test_markdown_is_sanitised():
    from core.markdown import render_markdown

    html = render_markdown(
        "**fett** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<strong>fett</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
