"""The portal's form renderer builds choice widgets in Python (issue 21: long partner and
contact lists): the HTML must be exactly what Django's own widget templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.form_renderer import FORM_DIV, ChoiceWidgetRenderer
from core.forms import PortalFormRenderer

CHOICES = [
    ("", "---------"),
    ("1", "Stadtwerke <Magdeburg> & Co"),
    ("2", 'Verein "Grün"'),
    (3, "Drei"),
]
GROUPED = [
    ("Energie", [("e1", "Strom"), ("e2", "Wärme & Kälte")]),
    ("Verkehr", [("v1", "Rad")]),
    ("x", "ohne Gruppe"),
]


class Everything(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, help_text="Hilfe")
    many = forms.MultipleChoiceField(choices=GROUPED, required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes", "data-x": "a<b"}),
        required=False,
    )
    boxes_no_id = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False
    )
    yes_no = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=CHOICES, disabled=True, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"single": "1", "grouped": "e2", "many": ["e1", "v1"], "radio": "3", "boxes": ["2", "3"]},
        {"single": "<script>", "radio": ["1", "2"], "yes_no": "true", "boxes": "nope"},
    ],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_choice_widgets_render_exactly_as_djangos_templates(data, auto_id):
    ours = Everything(data, auto_id=auto_id, renderer=ChoiceWidgetRenderer())
    django = Everything(data, auto_id=auto_id, renderer=DjangoTemplates())
    for name in ours.fields:
        assert str(ours[name]) == str(django[name]), name


def test_the_portal_uses_it_and_it_escapes_labels_and_values():
    form = Everything({"single": '"><b>'})
    assert isinstance(form.renderer, ChoiceWidgetRenderer)  # the portal's renderer builds on it
    html = str(form["single"]) + str(form["boxes"])
    assert "Stadtwerke &lt;Magdeburg&gt; &amp; Co" in html
    assert "<b>" not in html
    assert 'data-x="a&lt;b"' in html


def test_a_widget_with_its_own_option_template_goes_through_the_templates(settings):
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class CustomForm(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=Custom)

    ours = CustomForm(renderer=ChoiceWidgetRenderer())
    django = CustomForm(renderer=DjangoTemplates())
    assert str(ours["pick"]) == str(django["pick"])


class Inputs(forms.Form):
    name = forms.CharField(max_length=20, help_text="Hilfe", label="Name <Firma>")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    count = forms.IntegerField(min_value=1, required=False)
    amount = forms.DecimalField(required=False, localize=True)
    email = forms.EmailField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "x": True}))
    upload = forms.FileField(required=False, widget=forms.FileInput)
    url = forms.URLField(required=False, initial="https://example.org/?a=1&b=<2>")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "A & B", "note": "Zeile 1\n<script>", "count": "0", "amount": "1,5"},
        {"name": "x" * 30, "email": "kein", "day": "gestern", "agree": "on", "secret": '"'},
        {"note": "", "count": "abc", "hidden": "<h>", "search": "Wärme"},
    ],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_inputs_labels_and_errors_render_exactly_as_djangos_templates(data, auto_id):
    ours = Inputs(data, auto_id=auto_id, renderer=ChoiceWidgetRenderer())
    django = Inputs(data, auto_id=auto_id, renderer=DjangoTemplates())
    for name in ours.fields:
        assert str(ours[name]) == str(django[name]), name
        assert ours[name].label_tag() == django[name].label_tag(), name
        assert ours[name].legend_tag() == django[name].legend_tag(), name
        assert str(ours[name].errors) == str(django[name].errors), name
    assert str(ours.non_field_errors()) == str(django.non_field_errors())
    assert ours.as_div() == django.as_div()
    assert ours.as_p() == django.as_p()


class TemplateFieldGroups(PortalFormRenderer):
    """The portal's renderer with core/forms/field.html and Django's div.html rendered by
    their templates."""

    python_field_groups = False

    def render(self, template_name, context, request=None):
        if template_name == FORM_DIV:
            return DjangoTemplates.render(self, template_name, context, request=request)
        return super().render(template_name, context, request=request)


class WithHidden(Inputs):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect, required=False)
    many = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)

    def clean(self):
        raise forms.ValidationError("Formular <fehlerhaft>")


@pytest.mark.parametrize("form_class", [Inputs, WithHidden, Everything])
@pytest.mark.parametrize(
    "data", [None, {}, {"name": "A & B", "note": "<x>", "radio": "1", "choice": "2"}]
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_field_groups_and_forms_render_exactly_as_the_templates(form_class, data, auto_id):
    ours = form_class(data, auto_id=auto_id, renderer=PortalFormRenderer())
    templates = form_class(data, auto_id=auto_id, renderer=TemplateFieldGroups())
    for name in ours.fields:
        assert ours[name].as_field_group() == templates[name].as_field_group(), name
    assert str(ours) == str(templates)
