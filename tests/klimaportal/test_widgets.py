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
