"""Forms of consensus decisions: proposals (staff), positions (partners, staff orally), the
public register's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import FastSelect
from meetings.forms import DATE_WIDGET, DATETIME_WIDGET
from meetings.models import AgendaItem, Meeting
from partners.models import Body, Partner

from .models import Position, Proposal

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting.title} ({obj.meeting.starts_at:%d.%m.%Y}): {obj.title}"


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text of the proposal"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown."),
    )
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.all())
    procedure = forms.ChoiceField(
        label=_("Procedure"), choices=Proposal.Procedure.choices, widget=forms.RadioSelect
    )
    agenda_item = AgendaItemChoiceField(
        label=_("Agenda item (in a meeting)"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("Only for a decision in a meeting."),
    )
    deadline = forms.DateTimeField(
        label=_("Deadline (written procedure)"),
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=_("Local time in Magdeburg. Silence until the deadline counts as consent."),
    )
    review_on = forms.DateField(label=_("Review on"), required=False, widget=DATE_WIDGET)
    corrects = forms.ModelChoiceField(
        label=_("Corrects decision"),
        queryset=Proposal.objects.none(),
        required=False,
        help_text=_("A correction is a new proposal that refers to the decided one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(
                meeting__state__in=[Meeting.State.PUBLISHED, Meeting.State.HELD]
            )
            .select_related("meeting")
            .order_by("-meeting__starts_at", "position")
        )
        self.fields["corrects"].queryset = Proposal.objects.decided().order_by("-decided_at")

    def clean(self):
        data = super().clean()
        if data.get("procedure") == Proposal.Procedure.WRITTEN and not data.get("deadline"):
            self.add_error("deadline", _("A written procedure needs a deadline."))
        if data.get("procedure") == Proposal.Procedure.MEETING and not data.get("agenda_item"):
            self.add_error("agenda_item", _("Choose the agenda item of the meeting that decides."))
        return data

    def proposal_fields(self) -> dict:
        data = self.cleaned_data
        written = data["procedure"] == Proposal.Procedure.WRITTEN
        return {
            "title": data["title"],
            "text": data["text"],
            "body": data["body"],
            "agenda_item": None if written else data["agenda_item"],
            "deadline": data["deadline"] if written else None,
            "review_on": data["review_on"],
            "corrects": data["corrects"],
        }


class PositionForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Position of your organisation"),
        choices=Position.Value.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for an objection."),
    )

    def clean(self):
        data = super().clean()
        if data.get("value") == Position.Value.OBJECTION and not data.get("reason", "").strip():
            self.add_error("reason", _("Please give the reason for your objection."))
        return data


class OralPositionForm(PositionForm):
    prefix = "oral"

    partner = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Partner.objects.none()
    )
    field_order = ["partner", "value", "reason"]

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].label = _("Position stated orally")
        if partners is not None:
            self.fields["partner"].queryset = partners.order_by("name")


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All bodies"),
        widget=FastSelect(shared_options="decision-filter-bodies"),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


class ExtendForm(forms.Form):
    prefix = "extend"

    deadline = forms.DateTimeField(
        label=_("New deadline"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=_("Local time in Magdeburg; later than the current deadline."),
    )


class CommentForm(forms.Form):
    prefix = "comment"

    text = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Markdown. Visible to the contacts of active partner organisations and the Stabsstelle."
        ),
    )


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=300,
        help_text=_("Shown in place of the comment."),
    )
