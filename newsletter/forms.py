from django import forms
from django.utils.translation import gettext_lazy as _

from core.notifications import CATEGORIES, Frequency

from .models import Topic


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address."),
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics (optional)"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Without a choice you receive every topic."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Landeshauptstadt Magdeburg sends me the newsletter of the "
            "Klimaschutzportal by e-mail. I can withdraw this consent at any time with the "
            "link in every newsletter."
        ),
        error_messages={"required": _("Please agree to receiving the newsletter.")},
    )


class ConfirmForm(forms.Form):
    """The button on the confirmation page (a GET of the link alone confirms nothing, so a
    mail scanner that opens links cannot subscribe anyone)."""


class IssueForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Please enter a subject.")},
    )
    intro = forms.CharField(
        label=_("Introduction"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; shown above the items."),
    )
    items = forms.MultipleChoiceField(
        label=_("Items"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Preselected: what has been published or decided since the last issue."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        labels = dict(Topic.choices)
        self.fields["items"].choices = [
            (item["key"], f"{labels[item['topic']]}: {item['title']} ({item['date']})")
            for item in self.candidates
        ]

    def clean_subject(self):
        value = self.cleaned_data["subject"]
        if any(ord(char) < 32 for char in value):
            raise forms.ValidationError(_("The subject must be a single line."))
        return value.strip()


class PreferencesForm(forms.Form):
    def __init__(self, *args, initial_choices=None, always=(), **kwargs):
        super().__init__(*args, **kwargs)
        initial_choices = initial_choices or {}
        for key, label in CATEGORIES.items():
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=initial_choices.get(key),
                error_messages={"required": _("Please choose how often.")},
            )
