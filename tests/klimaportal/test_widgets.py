from django import forms
from django.test.html import parse_html

from core.widgets import FastSelect


class Both(forms.Form):
    slow = forms.ChoiceField(choices=[("", "alle"), ("a-b", "A & B <GmbH>"), ("c", "C")])
    fast = forms.ChoiceField(
        choices=[("", "alle"), ("a-b", "A & B <GmbH>"), ("c", "C")], widget=FastSelect
    )


def normalise(html: str):
    """The parsed element: attribute order and whitespace do not matter."""
    return parse_html(html.replace("fast", "slow"))


def test_fast_select_renders_like_django_select():
    form = Both(data={"slow": "a-b", "fast": "a-b"})
    form.is_valid()
    assert normalise(str(form["fast"])) == normalise(str(form["slow"]))
    assert '<option value="a-b" selected>A &amp; B &lt;GmbH&gt;</option>' in str(form["fast"])


def test_fast_select_marks_errors_like_django():
    form = Both(data={"slow": "x", "fast": "x"})
    form.is_valid()
    assert 'aria-invalid="true"' in str(form["fast"])
    assert normalise(str(form["fast"])) == normalise(str(form["slow"]))


class Shared(forms.Form):
    fast = forms.ChoiceField(
        choices=[("", "alle"), ("x{0}", "Name {mit} Klammern")],
        widget=FastSelect(shared_options="test-shared-options"),
    )


def test_shared_options_keep_braces_and_mark_each_request_s_choice():
    first = str(Shared(data={"fast": "x{0}"})["fast"])
    second = str(Shared(data={"fast": ""})["fast"])
    assert '<option value="x{0}" selected>Name {mit} Klammern</option>' in first
    assert '<option value="x{0}">Name {mit} Klammern</option>' in second
    assert '<option value="" selected>alle</option>' in second
