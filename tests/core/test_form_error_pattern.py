"""One error pattern for every form of the portal (issue #20): every form class of the apps,
bound with empty data, marks each invalid field with aria-invalid="true" and names its error
list in aria-describedby (the inputs of a radio or checkbox group and their fieldset too), and
the page's error summary links every error to an element of the form. Forms are collected
from the apps, so a form added later is checked without being listed here."""

import importlib
import inspect
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from core.forms import failed_forms
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def _project_modules():
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.parent != ROOT:  # the portal's own apps, not installed packages (.venv)
            continue
        for file in sorted(path.rglob("*.py")):
            if {"migrations", "tests", "management"} & set(file.parts):
                continue
            module = ".".join(file.relative_to(ROOT).with_suffix("").parts)
            yield module.removesuffix(".__init__")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_form_classes() -> list[type[forms.BaseForm]]:
    for module in _project_modules():
        importlib.import_module(module)
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if (ROOT / cls.__module__.split(".")[0]).is_dir()
        and not cls.__module__.startswith("tests")
        and not inspect.isabstract(cls)
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


# Objects for the keyword-only arguments that a form needs to be built at all. A new form with
# another required argument fails here until it is added.
REQUIRED_ARGUMENTS = {
    "user": lambda: factories.UserFactory(),
    "lead_partner": lambda: factories.PartnerFactory(),
    "project": lambda: factories.ProjectFactory(),
}


def build(cls, data, files=None):
    kwargs = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            assert name in REQUIRED_ARGUMENTS, f"{cls.__name__} needs {name!r}: add it above"
            kwargs[name] = REQUIRED_ARGUMENTS[name]()
    return cls(data=data, files=files or {}, **kwargs)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {key: value or "" for key, value in attrs}))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def assert_error_pattern(form, html: str) -> None:
    parsed = elements(html)
    ids = {attrs.get("id") for _, attrs in parsed}
    for name in form.errors:
        if name == forms.forms.NON_FIELD_ERRORS or form[name].is_hidden:
            continue
        bound = form[name]
        error_id = f"{bound.auto_id}_error"
        assert error_id in ids, f"{type(form).__name__}.{name}: no error list {error_id}"
        inputs = [
            attrs
            for tag, attrs in parsed
            if tag in ("input", "select", "textarea")
            and attrs.get("name", "")
            in (bound.html_name, *(f"{bound.html_name}_{i}" for i in range(4)))
        ]
        assert inputs, f"{type(form).__name__}.{name}: not rendered"
        for attrs in inputs:
            assert attrs.get("aria-invalid") == "true", f"{type(form).__name__}.{name}: {attrs}"
            described = attrs.get("aria-describedby", "").split()
            assert error_id in described, f"{type(form).__name__}.{name}: {attrs}"
            assert set(described) <= ids, f"{type(form).__name__}.{name}: {described}"
        if bound.use_fieldset:
            fieldsets = [
                attrs
                for tag, attrs in parsed
                if tag == "fieldset" and error_id in attrs.get("aria-describedby", "").split()
            ]
            assert fieldsets and fieldsets[0].get("aria-invalid") == "true", name


def assert_summary_links_resolve(form, html: str) -> None:
    ((_, summary),) = failed_forms({"form": form})
    text = render_to_string("includes/error_summary.html", {"form": summary})
    assert "data-error-summary" in text
    ids = {attrs.get("id") for _, attrs in elements(html)}
    links = [attrs["href"][1:] for tag, attrs in elements(text) if tag == "a"]
    assert set(links) <= ids, (type(form).__name__, set(links) - ids)
    for name in form.errors:
        if name != forms.forms.NON_FIELD_ERRORS and not form[name].is_hidden:
            assert form[name].summary_target in links, (type(form).__name__, name)


FORM_CLASSES = project_form_classes()


def test_the_forms_of_every_app_are_found():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"RsvpForm", "PositionForm", "SignatureForm", "ProjectForm", "SignupForm"} <= names
    assert len(FORM_CLASSES) >= 40


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_a_form_submitted_empty_shows_the_error_pattern(cls, db):
    form = build(cls, data={})
    if form.is_valid() or not form.errors:
        pytest.skip("no required field: an empty submit is valid")
    html = form.as_div()
    assert_error_pattern(form, html)
    assert_summary_links_resolve(form, html)


FILE_FORMS = [
    cls
    for cls in FORM_CLASSES
    if any(isinstance(field, forms.FileField) for field in cls.base_fields.values())
]


def test_every_upload_form_is_found():
    names = {cls.__name__ for cls in FILE_FORMS}
    assert {"ResultsImportForm", "DocumentForm", "SignLanguageVideoForm", "PostForm"} <= names
    assert {"PartnerForm", "ProjectForm", "ResultForm"} <= names


@pytest.mark.parametrize("cls", FILE_FORMS, ids=lambda cls: cls.__name__)
def test_a_chosen_file_is_named_to_choose_again_after_an_error(cls, db):
    """A browser never re-fills a file input: the field and the summary say which file to
    choose again instead of dropping it silently."""
    names = [n for n, f in cls.base_fields.items() if isinstance(f, forms.FileField)]
    blank = build(cls, data=None)
    files = {
        blank[n].html_name: SimpleUploadedFile("Nachweis 2025.pdf", b"%PDF-1.4 test") for n in names
    }
    form = build(cls, data={}, files=files)
    if form.is_valid():
        pytest.skip("the file alone makes the form valid")
    html = form.as_div()
    summary = render_to_string("includes/error_summary.html", {"form": form})
    for name in names:
        bound = form[name]
        note = f"{bound.auto_id}_filenote"
        assert f'id="{note}"' in html
        assert "Nachweis 2025.pdf" in html and "erneut" in html
        widget = next(
            attrs for tag, attrs in elements(html) if attrs.get("name") == bound.html_name
        )
        assert note in widget.get("aria-describedby", "").split()
        assert "Nachweis 2025.pdf" in summary


@pytest.mark.parametrize("cls", FILE_FORMS, ids=lambda cls: cls.__name__)
def test_a_logged_in_persons_file_is_kept_unless_it_failed_its_own_checks(cls, db):
    """For a logged-in person a chosen file that passed its own checks is kept (a signed
    token in the form); one that failed them is named to choose again."""
    from types import SimpleNamespace

    from core import kept_uploads

    names = [n for n, f in cls.base_fields.items() if isinstance(f, forms.FileField)]
    blank = build(cls, data=None)
    files = {
        blank[n].html_name: SimpleUploadedFile("Nachweis 2025.pdf", b"%PDF-1.4 test") for n in names
    }
    reset = kept_uploads._request.set(SimpleNamespace(user=factories.UserFactory()))
    try:
        form = build(cls, data={}, files=files)
        if form.is_valid():
            pytest.skip("the file alone makes the form valid")
        html = form.as_div()
    finally:
        kept_uploads._request.reset(reset)
    for name in names:
        bound = form[name]
        kept = f'name="{bound.html_name}__kept"' in html
        assert kept != bool(bound.errors), (name, bound.errors)
        assert ("bleibt erhalten" if kept else "erneut") in html
        widget = next(
            attrs for tag, attrs in elements(html) if attrs.get("name") == bound.html_name
        )
        assert f"{bound.auto_id}_filenote" in widget.get("aria-describedby", "").split()
