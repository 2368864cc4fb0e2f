"""Shared form pieces of core/: the German decimal field, the service-error mapping of the thin
views and the error summary above a form."""

from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.form_fields import GermanDecimalField, format_german_decimal, parse_german_decimal
from core.views import apply_validation_error, run_action, run_service

# --- German decimal field ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("23,75", "23.75"),
        ("1234,5", "1234.5"),
        ("1234", "1234"),
        ("1.234", "1234"),  # German first: the dot groups thousands
        ("1.234.567,89", "1234567.89"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),
        ("1234.5", "1234.5"),  # a single decimal point without grouping is unambiguous
        ("0.125", "0.125"),  # "0" is no thousands group
        (" 7 ", "7"),
        ("-2,5", "-2.5"),
        ("+3", "3"),
        ("-0", "0"),
        ("0,0", "0.0"),
        ("9" * 40, "9" * 40),  # exact beyond the decimal context's precision
    ],
)
def test_german_numbers_are_read(text, expected):
    assert parse_german_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "1,000.5",  # English grouping would be misread
        "1.23,4",  # wrongly grouped
        "1,2,3",
        "1.5.6",
        "12,5e3",
        "1e3",
        "NaN",
        "Infinity",
        "0x10",
        "1_000",
        "٣",
        "١٢٣",
        "--1",
        "+-1",
        "1,",
        ",5",
        "1" * 100,
        "12 t",
    ],
)
def test_anything_else_is_refused(text):
    assert parse_german_decimal(text) is None


class NumberForm(forms.Form):
    amount = GermanDecimalField(label="Menge", max_digits=12, decimal_places=3, min_value=0)


def test_field_cleans_german_input():
    form = NumberForm({"amount": "1.234,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234.5")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("viel", ["Zahl", "1.234,567", "Komma", "höchstens 3 Nachkommastellen"]),
        ("1,000.5", ["1.234,567", "Komma"]),
        ("1,23456", ["höchstens 3 Nachkommastellen", "1.234,567"]),
        ("1234567890,5", ["zu groß", "9 Stellen vor dem Komma"]),
    ],
)
def test_errors_state_format_and_precision_in_german(text, words):
    with translation.override("de"):
        form = NumberForm({"amount": text})
        assert not form.is_valid()
        message = " ".join(form.errors["amount"])
    for word in words:
        assert word in message, message


def test_whole_numbers_say_so():
    class WholeForm(forms.Form):
        count = GermanDecimalField(max_digits=6, decimal_places=0)

    with translation.override("de"):
        form = WholeForm({"count": "2,5"})
        assert not form.is_valid()
        assert "ganze Zahl" in " ".join(form.errors["count"])


def test_widget_shows_values_with_a_comma_and_keeps_typed_input():
    form = NumberForm(initial={"amount": Decimal("1234.500")})
    html = str(form["amount"])
    assert 'value="1234,500"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html
    bound = NumberForm({"amount": "12,5 kg"})
    assert not bound.is_valid()
    assert 'value="12,5 kg"' in str(bound["amount"])
    assert format_german_decimal(Decimal("-0.5")) == "-0,5"


def _portal_form_classes():
    """Every form class defined in a portal app's `forms` module: found, not listed, so a
    form added later is checked too."""
    import importlib
    import inspect

    from django.apps import apps

    root = str(Path(__file__).resolve().parents[2])
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(root) or ".venv" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_decimal_input_of_the_apps_forms_is_the_german_field():
    """Forms of the portal that edit decimals use the German field (no `localize`)."""
    checked = 0
    for form_class in _portal_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DecimalField):
                assert isinstance(field, GermanDecimalField), (form_class.__name__, name)
                checked += 1
    assert checked >= 8


# --- service errors on the form ---------------------------------------------------------------


class PlaceForm(forms.Form):
    name = forms.CharField()
    city = forms.CharField(required=False)


def bound_form():
    form = PlaceForm({"name": "Elbe", "city": "Magdeburg"})
    assert form.is_valid()
    return form


def test_dict_errors_land_on_their_fields_and_unknown_ones_above_the_form():
    form = bound_form()
    apply_validation_error(
        form,
        ValidationError(
            {
                "name": "Name vergeben.",
                "slug": "Adresse vergeben.",
                "__all__": "Insgesamt falsch.",
            }
        ),
    )
    assert form.errors["name"] == ["Name vergeben."]
    assert "slug" not in form.errors
    assert form.non_field_errors() == ["Adresse vergeben.", "Insgesamt falsch."]


def test_list_and_message_errors_are_non_field_errors_with_params():
    form = bound_form()
    apply_validation_error(form, ValidationError(["Eins.", "Zwei."]))
    apply_validation_error(form, ValidationError("Nur %(n)s.", params={"n": 3}))
    assert form.non_field_errors() == ["Eins.", "Zwei.", "Nur 3."]


def test_run_service_returns_the_result_or_puts_the_error_on_the_form():
    form = bound_form()
    assert run_service(form, lambda *, value: value * 2, value=21) == (True, 42)
    assert not form.errors

    def refuse(**kwargs):
        raise ValidationError({"city": "Nicht in Magdeburg."})

    assert run_service(form, refuse, name="x") == (False, None)
    assert form.errors["city"] == ["Nicht in Magdeburg."]
    assert not form.is_valid()


def test_run_action_shows_errors_or_success_as_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    def refuse():
        raise ValidationError(["Schon erledigt.", "Wirklich."])

    assert run_action(request, refuse, success="Gut.") == (False, None)
    assert run_action(request, lambda: 7, success="Gut.") == (True, 7)
    assert [str(m) for m in request._messages] == ["Schon erledigt.", "Wirklich.", "Gut."]


def test_nothing_imports_the_error_helper_from_an_app():
    """One helper (core.views); the copies in partners/projects views are gone."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ("partners", "projects", "news", "reports", "accounts", "portal"):
        for path in (root / app).rglob("*.py"):
            text = path.read_text()
            if "def apply_validation_error" in text or "def add_service_errors" in text:
                offenders.append(str(path.relative_to(root)))
            if "from partners.views import" in text:
                offenders.append(str(path.relative_to(root)))
    assert not offenders, offenders


# --- error summary ----------------------------------------------------------------------------


def test_error_summary_lists_every_error_with_a_link_to_its_field():
    form = PlaceForm({"name": "", "city": "x"})
    form.is_valid()
    form.add_error(None, "Bitte prüfen.")
    form.add_error("city", "Unbekannter Ort.")
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert "data-error-summary" in html and 'tabindex="-1"' in html
    assert 'role="alert"' in html
    assert "<li>Bitte prüfen.</li>" in html
    assert 'href="#id_name"' in html and 'href="#id_city"' in html
    assert "Unbekannter Ort." in html
    # The focus script is a file of the portal (the CSP allows no inline script).
    assert 'src="/static/js/error-summary.js"' in html
    assert "<script>" not in html


def test_error_summary_is_empty_without_errors():
    assert render_to_string("includes/error_summary.html", {"form": PlaceForm()}).strip() == ""
    valid = bound_form()
    assert render_to_string("includes/error_summary.html", {"form": valid}).strip() == ""


def test_the_focus_script_is_served():
    from django.contrib.staticfiles import finders

    path = finders.find("js/error-summary.js")
    assert path is not None
    text = Path(path).read_text(encoding="utf-8")
    assert "data-error-summary" in text and ".focus(" in text


def _page(context):
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>Seite</h1><p>Langer Text</p>'
        "<form method=post>{{ form }}</form>{% endblock %}"
    )
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return template.render(context, request)


def test_every_page_shows_the_summary_of_a_failed_form_above_its_content(db):
    """base.html renders the summary, so a page needs no include: at the top of the main
    content (before the heading), however far down the form is."""
    html = _page({"form": PlaceForm({"name": ""})})
    assert html.count("data-error-summary") == 1
    assert html.index("data-error-summary") < html.index("<h1>Seite</h1>")
    assert 'href="#id_name"' in html


def test_one_summary_for_each_failed_form_with_ids_of_their_own(db):
    other = PlaceForm({"name": ""}, prefix="other")
    html = _page({"form": PlaceForm({"name": ""}), "other_form": other, "same": other})
    assert html.count("data-error-summary") == 2
    assert 'id="error-summary-form"' in html and 'id="error-summary-other_form"' in html


def test_no_summary_for_unbound_or_valid_forms(db):
    html = _page({"form": PlaceForm(), "valid": bound_form()})
    assert "data-error-summary" not in html


def test_no_template_includes_the_summary_itself():
    """A second include would show the errors twice and compete for the focus."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in sorted(root.glob("**/templates/**/*.html"))
        if ".venv" not in path.parts
        and "node_modules" not in path.parts
        and 'include "includes/error_summary.html"' in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
